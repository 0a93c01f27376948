import Foundation
import HTTPTypes
import LiftoffServer
import LiftoffTestSupport
import Testing

/// `serve --trusted-proxy`: X-Forwarded-For and X-Forwarded-Proto are believed from a trusted
/// address only. Believed, they decide whose login failures count together and whether the
/// session cookie is `Secure`; from anyone else they change nothing.
@Suite(.serialized) struct TrustedProxyTests {
    @Test(.timeLimit(.minutes(3))) func forwardedHeadersCountOnlyFromATrustedProxy() async throws {
        guard let liftoff = ProcessRunner.liftoff else {
            if Tools.inCI { Issue.record("the liftoff binary is missing in CI") }
            return
        }
        let directory = try Repository.temporaryDirectory("liftoff-proxy")
        let db = "sqlite:" + directory.appendingPathComponent("l.db").path
        _ = try ProcessRunner.run(liftoff, ["db", "migrate", "--db", db])
        let added = try ProcessRunner.run(liftoff, ["user", "add", "ada", "--admin", "--db", db])
        let token = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(added.status == 0 && !token.isEmpty, "\(added.stderr)")
        // 127.0.0.1 is the proxy; 127.0.0.2 is a client talking to the server directly.
        guard let server = try await ServeProcess.start(db: db, arguments: ["--trusted-proxy", "127.0.0.1"]) else { return }
        defer { server.stop() }
        let https = ["X-Forwarded-Proto: https"]

        let viaProxy = try await Self.login(token, port: server.port, from: "127.0.0.1", headers: https + ["X-Forwarded-For: 203.0.113.7"])
        #expect(viaProxy.hasPrefix("http/1.1 30"), "\(viaProxy)")
        #expect(viaProxy.contains("set-cookie: liftoff_session=") && viaProxy.contains("; secure"), "HTTPS at the proxy: \(viaProxy)")
        #expect(viaProxy.contains("strict-transport-security:"), "\(viaProxy)")

        let direct = try await Self.login(token, port: server.port, from: "127.0.0.2", headers: https)
        #expect(direct.contains("set-cookie: liftoff_session=") && !direct.contains("; secure"), "an untrusted client's header is ignored: \(direct)")
        #expect(!direct.contains("strict-transport-security:"), "\(direct)")

        // Failed logins (each token with another prefix, so only the address buckets fill): through the
        // proxy they count per forwarded client.
        for attempt in 1...10 {
            let r = try await Self.login("\(UUID().uuidString)-wrong-\(attempt)", port: server.port, from: "127.0.0.1", headers: ["X-Forwarded-For: 203.0.113.7"])
            #expect(!r.hasPrefix("http/1.1 429"), "attempt \(attempt): \(r)")
        }
        let limited = try await Self.login("\(UUID().uuidString)-wrong-11", port: server.port, from: "127.0.0.1", headers: ["X-Forwarded-For: 203.0.113.7"])
        #expect(limited.hasPrefix("http/1.1 429"), "the eleventh failure from 203.0.113.7: \(limited)")
        let neighbour = try await Self.login("\(UUID().uuidString)-wrong-n", port: server.port, from: "127.0.0.1", headers: ["X-Forwarded-For: 203.0.113.8"])
        #expect(!neighbour.hasPrefix("http/1.1 429"), "another client behind the same proxy is not limited: \(neighbour)")
        // A client that forges the header before the proxy: the proxy appends the real one, which counts.
        let forged = try await Self.login("\(UUID().uuidString)-wrong-f", port: server.port, from: "127.0.0.1", headers: ["X-Forwarded-For: 198.51.100.1, 203.0.113.7"])
        #expect(forged.hasPrefix("http/1.1 429"), "\(forged)")

        // Directly, a header naming a fresh client every time does not get around the limit.
        for attempt in 1...10 {
            _ = try await Self.login("\(UUID().uuidString)-direct-\(attempt)", port: server.port, from: "127.0.0.2", headers: ["X-Forwarded-For: 192.0.2.\(attempt)"])
        }
        let spoofed = try await Self.login("\(UUID().uuidString)-direct-11", port: server.port, from: "127.0.0.2", headers: ["X-Forwarded-For: 192.0.2.99"])
        #expect(spoofed.hasPrefix("http/1.1 429"), "\(spoofed)")
    }

    @Test func theClientIsTheFirstUntrustedHopFromTheRight() throws {
        let proxies = try TrustedProxies.parse(["10.0.0.0/8", "::1", "192.168.1.5"]).get()
        func origin(_ peer: String, _ forwardedFor: String?, proto: String? = nil, tls: Bool = false) -> TrustedProxies.Origin {
            var headers = HTTPFields()
            if let forwardedFor, let name = HTTPField.Name("X-Forwarded-For") { headers[name] = forwardedFor }
            if let proto, let name = HTTPField.Name("X-Forwarded-Proto") { headers[name] = proto }
            return proxies.origin(peer: peer, headers: headers, tls: tls)
        }
        #expect(origin("10.1.2.3", "203.0.113.7") == .init(client: "203.0.113.7", https: false))
        #expect(origin("10.1.2.3", "198.51.100.1, 203.0.113.7, 10.9.9.9", proto: "https") == .init(client: "203.0.113.7", https: true))
        #expect(origin("::ffff:10.1.2.3", "2001:db8::1") == .init(client: "2001:db8::1", https: false))
        #expect(origin("::1", nil, proto: "https") == .init(client: "::1", https: true))
        #expect(origin("10.1.2.3", "not-an-address, 10.0.0.7") == .init(client: "10.0.0.7", https: false))
        #expect(origin("172.16.0.1", "203.0.113.7", proto: "https") == .init(client: "172.16.0.1", https: false), "not trusted")
        #expect(origin("192.168.1.6", "203.0.113.7") == .init(client: "192.168.1.6", https: false), "one address, not its network")
        #expect(origin("172.16.0.1", nil, tls: true).https)
        #expect(throws: TrustedProxyError.self) { try TrustedProxies.parse(["10.0.0.0/33"]).get() }
        #expect(throws: TrustedProxyError.self) { try TrustedProxies.parse(["proxy.internal"]).get() }
    }

    /// POST /login over a raw connection from `source`; the response head, lowercased.
    static func login(_ token: String, port: Int, from source: String, headers: [String]) async throws -> String {
        try await RawConnection.off {
            let connection = try RawConnection(port: port, from: source)
            let body = "token=" + (token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? token)
            let head = ["POST /login HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/x-www-form-urlencoded",
                        "Content-Length: \(body.utf8.count)", "Connection: close"] + headers
            connection.send(head.joined(separator: "\r\n") + "\r\n\r\n" + body)
            let text = connection.read(timeout: 10).text
            return String(text.split(separator: "\r\n\r\n", maxSplits: 1).first ?? "").lowercased()
        }
    }
}
