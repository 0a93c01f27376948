import AsyncHTTPClient
import Foundation
import Hummingbird
import LiftoffKit
import LiftoffStore
import LiftoffTestSupport
import NIOCore
import Testing
@testable import LiftoffServer

/// The pages over real HTTP: the whole app (middleware included) on 127.0.0.1, a real SQLite file.
@Suite struct WebRoutesTests {
    struct Page {
        var status: Int
        var headers: [(String, String)]
        var body: String

        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    }

    /// Runs the server for the duration of `body`; the launch is number 1, `lee` holds a session.
    static func withServer(_ body: @Sendable (_ base: String, _ cookie: String, _ services: ServerServices) async throws -> Void) async throws {
        let dir = try Repository.temporaryDirectory("liftoff-web")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try await SQLiteEventStore.open(path: dir.appendingPathComponent("web.db").path, create: true)
        let new = try NewLaunch(name: "checkout-v2", runbookFile: "runbook.md", runbookSource: SampleRunbooks.checkout,
                                at: "2026-12-01T09:00", timeZone: "Europe/Oslo", mode: .live, variables: nil)
        _ = try await store.createLaunch(name: new.name, created: EventDraft(actor: "ada", new.created))
        let other = try NewLaunch(name: "other", runbookFile: "o.md", runbookSource: "# Other", at: "2026-12-01T09:00",
                                  timeZone: "UTC", mode: .rehearsal, variables: nil)
        _ = try await store.createLaunch(name: other.name, created: EventDraft(actor: "ada", other.created))
        let token = "lee-token"
        let lee = try await store.addUser(NewUser(name: "lee", tokenSHA256: UserToken.sha256(token), roles: ["Engineering Lead"], admin: false, launch: 1))
        let services = ServerServices(store: store, storeKind: "sqlite", version: "test", sessions: SessionKeys(secret: "web-tests"))
        let cookie = try await services.startSession(for: lee, expires: Date().addingTimeInterval(3600))
        let (addresses, continuation) = AsyncStream.makeStream(of: String.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                let app = LiftoffServerApp.application(services: services, host: "127.0.0.1", port: 0) { continuation.yield($0) }
                try await app.runService(gracefulShutdownSignals: [])
            }
            var iterator = addresses.makeAsyncIterator()
            guard let base = await iterator.next() else { throw CancellationError() }
            defer { group.cancelAll() }
            try await body(base, cookie, services)
        }
        await store.close()
    }

    static func get(_ url: String, cookie: String? = nil, headers extra: [(String, String)] = []) async throws -> Page {
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        var request = HTTPClientRequest(url: url)
        if let cookie { request.headers.add(name: "Cookie", value: "\(SessionKeys.cookieName)=\(cookie)") }
        for (name, value) in extra { request.headers.add(name: name, value: value) }
        do {
            let response = try await client.execute(request, timeout: .seconds(10))
            let body = try await response.body.collect(upTo: 4 << 20)
            let page = Page(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) }, body: String(buffer: body))
            try await client.shutdown()
            return page
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    @Test func anonymousVisitorsGoToLoginWithNext() async throws {
        try await Self.withServer { base, _, _ in
            let warRoom = try await Self.get("\(base)/launches/1")
            #expect(warRoom.status == 303)
            #expect(warRoom.header("Location") == "/login?next=/launches/1")
            let index = try await Self.get("\(base)/launches")
            #expect(index.header("Location") == "/login?next=/launches")
            let root = try await Self.get("\(base)/")
            #expect(root.status == 303 && root.header("Location") == "/launches")
            let login = try await Self.get("\(base)/login?error=invalid&next=/launches/1")
            #expect(login.status == 200)
            #expect(login.header("Content-Type")?.hasPrefix("text/html") == true)
            #expect(login.header("Content-Security-Policy")?.contains("script-src 'self'") == true)
            #expect(login.body.contains("That token was not accepted"))
            #expect(login.body.contains(#"name="next" value="/launches/1""#))
        }
    }

    @Test func aSessionSeesTheWarRoomWithItsCSRFToken() async throws {
        try await Self.withServer { base, cookie, services in
            let page = try await Self.get("\(base)/launches/1", cookie: cookie)
            #expect(page.status == 200)
            #expect(page.header("Cache-Control") == "no-store")
            let csrf = services.sessions.csrfToken(forSession: cookie)
            #expect(page.body.contains(#"<meta name="csrf-token" content="\#(csrf)">"#))
            #expect(page.body.contains(#"<input type="hidden" name="_csrf" value="\#(csrf)">"#))
            #expect(page.body.contains("checkout-v2"))
            #expect(page.body.contains(#"data-api="/api/v1/launches/1/marks""#))
            // lee's token is for launch 1 only: launch 2 is not found, and not listed.
            let other = try await Self.get("\(base)/launches/2", cookie: cookie)
            #expect(other.status == 404)
            let index = try await Self.get("\(base)/launches", cookie: cookie)
            #expect(index.status == 200)
            #expect(index.body.contains(#"href="/launches/1""#))
            #expect(!index.body.contains(#"href="/launches/2""#))
            #expect(try await Self.get("\(base)/launches/abc", cookie: cookie).status == 404)
            #expect(try await Self.get("\(base)/launches/99", cookie: cookie).status == 404)
        }
    }

    @Test func statusPageIsPublicAndUnknownLaunchesAreNotFound() async throws {
        try await Self.withServer { base, _, services in
            let lee = LaunchActor(name: "lee", roles: ["Engineering Lead"], admin: false)
            try await services.launches.execute(.postStatus(status: .green, message: "every required role voted GO"), on: 1, by: lee)
            try await services.launches.execute(.publish(PublicNotice(phase: .investigating, title: "Errors", impact: .major),
                                                         message: "<script>alert(1)</script> degraded"), on: 1, by: lee)
            let page = try await Self.get("\(base)/status/1")
            #expect(page.status == 200)
            #expect(page.body.contains("status-current indicator-major status-red"))
            #expect(!page.body.contains("voted GO"), "internal milestones stay internal")
            #expect(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt; degraded"))
            #expect(!page.body.contains("lee"))
            #expect(try await Self.get("\(base)/status/99").status == 404)
            #expect(try await Self.get("\(base)/status/0").status == 404)
        }
    }

    @Test func assetsAreVersionedAndCacheable() async throws {
        try await Self.withServer { base, _, _ in
            for asset in Assets.all {
                let fresh = try await Self.get("\(base)\(asset.url)")
                #expect(fresh.status == 200)
                #expect(fresh.header("Content-Type") == asset.contentType)
                #expect(fresh.header("Cache-Control") == "public, max-age=31536000, immutable")
                #expect(fresh.body.utf8.count == asset.body.count)
                let unversioned = try await Self.get("\(base)\(asset.path)")
                #expect(unversioned.header("Cache-Control") == "no-cache")
                let again = try await Self.get("\(base)\(asset.path)", headers: [("If-None-Match", "\"\(asset.version)\"")])
                #expect(again.status == 304)
            }
        }
    }
}
