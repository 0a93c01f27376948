import AsyncHTTPClient
import Foundation
import HTTPTypes
import LiftoffKit
import LiftoffServer
import LiftoffApplication
import LiftoffStore
import LiftoffTestSupport
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle

/// A real server on 127.0.0.1 (ephemeral port) over a real SQLite file in a temporary directory,
/// with a launch of the checkout sample and one user per role of the access matrix.
struct TestServer: Sendable {
    let base: String
    let store: SQLiteEventStore
    let services: ServerServices
    let client: HTTPClient
    let launch: Int64
    let otherLaunch: Int64
    let tokens: Tokens
    let directory: URL

    struct Tokens: Sendable {
        var admin: String
        var viewer: String
        /// Holds Engineering Lead (a gate approver).
        var lead: String
        /// Holds Product Owner (the other approver).
        var owner: String
        /// An Engineering Lead whose token is scoped to the other launch.
        var scopedElsewhere: String
        /// An Engineering Lead whose token is scoped to the main launch.
        var scopedHere: String
    }

    /// Runs `body` against a fresh server, then shuts it down.
    static func with<T: Sendable>(settings: ServerSettings = ServerSettings(), connections: Int = 16,
                                  _ body: @Sendable (TestServer) async throws -> T) async throws -> T {
        let directory = try Repository.temporaryDirectory("liftoff-server")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await SQLiteEventStore.open(path: directory.appendingPathComponent("l.db").path, create: true)
        let service = LaunchService(store: store)
        func create(_ name: String) async throws -> Int64 {
            let launch = try NewLaunch(name: name, runbookFile: "runbook.md", runbookSource: SampleRunbooks.checkout,
                                       at: "2026-12-01T09:00", timeZone: "Europe/Oslo", mode: .rehearsal, variables: nil)
            return try await service.create(launch, by: "test").event.launch
        }
        let launch = try await create("checkout-v2")
        let other = try await create("other")
        func user(_ name: String, _ roles: [String], admin: Bool = false, launch: Int64? = nil) async throws -> String {
            let token = UserToken.generate()
            _ = try await store.addUser(NewUser(name: name, tokenSHA256: UserToken.sha256(token), roles: roles, admin: admin, launch: launch))
            return token
        }
        let tokens = Tokens(
            admin: try await user("ada", [], admin: true),
            viewer: try await user("vic", []),
            lead: try await user("lee", ["Engineering Lead"]),
            owner: try await user("pat", ["Product Owner"]),
            scopedElsewhere: try await user("sam", ["Engineering Lead"], launch: other),
            scopedHere: try await user("sue", ["Engineering Lead"], launch: launch)
        )
        var logger = Logger(label: "test.server")
        logger.logLevel = .warning
        let services = ServerServices(store: store, storeKind: "sqlite", version: "test", sessions: SessionKeys(secret: "test"),
                                      settings: settings, logger: logger)
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = connections
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .disabled
        // The whole suite shares 2 cores with other test processes: a connect may wait its turn.
        configuration.timeout.connect = .seconds(30)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let result: Result<T, any Error>
        do {
            result = try await withThrowingTaskGroup(of: Void.self) { group in
                let (bound, boundContinuation) = AsyncStream<String>.makeStream()
                let serviceGroup = LiftoffServerApp.serviceGroup(services: services, host: "127.0.0.1", port: 0) { address in
                    boundContinuation.yield(address)
                    boundContinuation.finish()
                }
                group.addTask { try await serviceGroup.run() }
                var iterator = bound.makeAsyncIterator()
                guard let base = await iterator.next() else { throw TestFailure("the server did not start") }
                let server = TestServer(base: base, store: store, services: services, client: client, launch: launch,
                                        otherLaunch: other, tokens: tokens, directory: directory)
                let outcome: Result<T, any Error>
                do {
                    outcome = .success(try await body(server))
                } catch {
                    outcome = .failure(error)
                }
                await serviceGroup.triggerGracefulShutdown()
                try await group.waitForAll()
                return outcome
            }
        } catch {
            result = .failure(error)
        }
        try? await client.shutdown()
        await store.close()
        return try result.get()
    }

    struct Reply: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: String
        var json: JSONValue? { JSONValue.parse(body) }
        var errorMessage: String { json?["error"]?["message"]?.stringValue ?? "" }
    }

    /// One request; `token` goes in `Authorization: Bearer`.
    func request(_ method: HTTPMethod, _ path: String, token: String? = nil, json: JSONValue? = nil, body: String? = nil,
                 headers: [(String, String)] = []) async throws -> Reply {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: CanonicalJSON.string(json)))
        } else if let body {
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await client.execute(request, timeout: .seconds(120))
        let bytes = try await response.body.collect(upTo: 16 << 20)
        return Reply(status: Int(response.status.code), headers: response.headers, body: String(buffer: bytes))
    }

    func state() async throws -> LaunchState {
        try await LaunchService(store: store).state(launch)
    }

    func stepID(_ text: String) async throws -> String {
        guard let step = try await state().runbook.steps.first(where: { $0.text == text }) else { throw TestFailure("no step '\(text)'") }
        return step.id
    }

    func gateID() async throws -> String {
        guard let gate = try await state().runbook.gates.first else { throw TestFailure("no gate") }
        return gate.id
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
