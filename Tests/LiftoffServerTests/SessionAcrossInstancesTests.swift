import AsyncHTTPClient
import Foundation
import LiftoffServer
import LiftoffTestSupport
import NIOCore
import NIOHTTP1
import Testing

/// Finding 6 and 2 across processes: two `liftoff serve` instances on one database. Logout,
/// revocation and rotation end a session on every instance at once; each request log line names
/// the user.
@Suite struct SessionAcrossInstancesTests {
    static let secret = "shared-by-both-instances"

    struct Client {
        let http: HTTPClient

        func send(_ method: HTTPMethod, _ url: String, cookie: String? = nil, bearer: String? = nil, form: String? = nil) async throws -> (Int, HTTPHeaders) {
            var request = HTTPClientRequest(url: url)
            request.method = method
            if let cookie { request.headers.add(name: "Cookie", value: "liftoff_session=\(cookie)") }
            if let bearer { request.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
            if let form {
                request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
                request.body = .bytes(ByteBuffer(string: form))
            }
            let response = try await http.execute(request, timeout: .seconds(60))
            _ = try await response.body.collect(upTo: 1 << 22)
            return (Int(response.status.code), response.headers)
        }

        func login(_ base: String, token: String) async throws -> String {
            let (status, headers) = try await send(.POST, base + "/login", form: "token=\(token)&next=%2Flaunches")
            #expect(status == 303)
            let setCookie = headers.first(name: "Set-Cookie") ?? ""
            guard let value = setCookie.split(separator: ";").first?.split(separator: "=", maxSplits: 1).last else { throw TestFailure("no cookie: \(setCookie)") }
            return String(value)
        }
    }

    @Test func logoutRevocationAndRotationEndSessionsOnEveryInstance() async throws {
        guard let liftoff = ProcessRunner.liftoff else { return print("skipped: the liftoff binary is not built") }
        let directory = try Repository.temporaryDirectory("liftoff-instances")
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = "sqlite:" + directory.appendingPathComponent("l.db").path
        func cli(_ arguments: [String]) throws -> ProcessOutput {
            try ProcessRunner.run(liftoff, arguments, environment: ["LIFTOFF_DB": db], removing: ["LIFTOFF_TOKEN"])
        }
        let added = try cli(["user", "add", "lee", "--role", "Engineering Lead"])
        #expect(added.status == 0, "\(added.stderr)")
        let token = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let environment = ["LIFTOFF_SESSION_SECRET": Self.secret]
        guard let a = try await ServeProcess.start(db: db, arguments: ["--no-watcher"], environment: environment) else { return }
        defer { a.stop() }
        guard let b = try await ServeProcess.start(db: db, arguments: ["--no-watcher"], environment: environment) else { return }
        defer { b.stop() }
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let client = Client(http: http)
        do {
            try await exercise(client, a: a, b: b, token: token, cli: cli)
        } catch {
            try? await http.shutdown()
            throw error
        }
        try await http.shutdown()
    }

    func exercise(_ client: Client, a: ServeProcess, b: ServeProcess, token: String, cli: ([String]) throws -> ProcessOutput) async throws {
        var token = token
        let keys = SessionKeys(secret: Self.secret)

        // Logout on A ends the session on B.
        let cookie = try await client.login(a.address, token: token)
        #expect(try await client.send(.GET, b.address + "/api/v1/launches", cookie: cookie).0 == 200)
        let csrf = keys.csrfToken(forSession: cookie)
        #expect(try await client.send(.POST, a.address + "/logout", cookie: cookie, form: "_csrf=\(csrf)").0 == 303)
        #expect(try await client.send(.GET, b.address + "/api/v1/launches", cookie: cookie).0 == 401, "logged out on A, out on B")
        #expect(try await client.send(.GET, a.address + "/api/v1/launches", cookie: cookie).0 == 401)

        // Rotation ends the session everywhere; the new token logs in.
        let second = try await client.login(b.address, token: token)
        #expect(try await client.send(.GET, a.address + "/api/v1/launches", cookie: second).0 == 200)
        let rotated = try cli(["user", "rotate", "lee"])
        #expect(rotated.status == 0, "\(rotated.stderr)")
        #expect(try await client.send(.GET, a.address + "/api/v1/launches", cookie: second).0 == 401, "rotation ends the session")
        #expect(try await client.send(.GET, a.address + "/api/v1/launches", bearer: token).0 == 401, "and the old token")
        token = rotated.stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        // Revocation ends the session and the token everywhere.
        let third = try await client.login(a.address, token: token)
        #expect(try await client.send(.GET, b.address + "/api/v1/launches", cookie: third).0 == 200)
        #expect(try cli(["user", "revoke", "lee"]).status == 0)
        #expect(try await client.send(.GET, b.address + "/api/v1/launches", cookie: third).0 == 401)
        #expect(try await client.send(.GET, a.address + "/api/v1/launches", bearer: token).0 == 401)
        let (relogin, _) = try await client.send(.POST, a.address + "/login", form: "token=\(token)")
        #expect(relogin == 303)

        // The request log names the user of authenticated requests (id:name), and no token.
        let log = b.log
        #expect(log.contains("user=1:lee"), "\(log.suffix(1500))")
        #expect(!log.contains(token))
    }
}
