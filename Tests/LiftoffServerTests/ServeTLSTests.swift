import Foundation
import LiftoffTestSupport
import Testing

/// `liftoff serve --tls-cert/--tls-key` as a platform team runs it: a certificate made by
/// openssl for 127.0.0.1, verified by openssl's client; a renewed certificate served after
/// SIGHUP without a restart; a broken renewal leaving the old one in service.
@Suite(.serialized) struct ServeTLSTests {
    @Test(.timeLimit(.minutes(3))) func servesHTTPSAndReloadsItsCertificateOnSIGHUP() async throws {
        guard Tools.available("openssl") else { return }
        let directory = try Repository.temporaryDirectory("liftoff-tls")
        let cert = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        try await Self.makeCertificate(commonName: "liftoff-first", certificate: cert, key: key)
        guard let server = try await ServeProcess.start(db: "sqlite:" + directory.appendingPathComponent("l.db").path,
                                                        arguments: ["--tls-cert", cert, "--tls-key", key]) else { return }
        defer { server.stop() }
        #expect(server.address.hasPrefix("https://"), "\(server.log)")

        let first = try await Self.get("/healthz", port: server.port, trusting: cert)
        #expect(first.contains("Verify return code: 0 (ok)"), "\(first)")
        #expect(first.contains("liftoff-first"), "\(first)")
        #expect(first.contains("HTTP/1.1 200") && first.contains("\"status\":\"ok\""), "\(first)")
        #expect(first.lowercased().contains("strict-transport-security:"), "HSTS over HTTPS: \(first)")

        // A renewal: new files in place, then SIGHUP; new connections get the new certificate.
        let staged = directory.appendingPathComponent("next")
        try FileManager.default.createDirectory(at: staged, withIntermediateDirectories: true)
        try await Self.makeCertificate(commonName: "liftoff-second", certificate: staged.appendingPathComponent("cert.pem").path,
                                       key: staged.appendingPathComponent("key.pem").path)
        for name in ["cert.pem", "key.pem"] {
            try Self.move(staged.appendingPathComponent(name), over: directory.appendingPathComponent(name))
        }
        kill(server.process.pid, SIGHUP)
        try await Self.waitForLog(server, "TLS certificate reloaded")
        let second = try await Self.get("/healthz", port: server.port, trusting: cert)
        #expect(second.contains("Verify return code: 0 (ok)") && second.contains("liftoff-second"), "\(second)")
        #expect(second.contains("HTTP/1.1 200"), "\(second)")

        // A key that does not fit: the reload is refused in the log and the server keeps going.
        let other = directory.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try await Self.makeCertificate(commonName: "liftoff-stray", certificate: other.appendingPathComponent("cert.pem").path,
                                       key: other.appendingPathComponent("key.pem").path)
        try Self.move(other.appendingPathComponent("key.pem"), over: directory.appendingPathComponent("key.pem"))
        kill(server.process.pid, SIGHUP)
        try await Self.waitForLog(server, "TLS certificate reload failed")
        let third = try await Self.get("/healthz", port: server.port, trusting: cert)
        #expect(third.contains("Verify return code: 0 (ok)") && third.contains("liftoff-second") && third.contains("HTTP/1.1 200"), "\(third)")
    }

    @Test func aKeyThatDoesNotFitStopsServeAtOnce() async throws {
        guard Tools.available("openssl"), let liftoff = ProcessRunner.liftoff else { return }
        let directory = try Repository.temporaryDirectory("liftoff-tls-bad")
        let (a, b) = (directory.appendingPathComponent("a"), directory.appendingPathComponent("b"))
        for folder in [a, b] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try await Self.makeCertificate(commonName: folder.lastPathComponent, certificate: folder.appendingPathComponent("cert.pem").path,
                                           key: folder.appendingPathComponent("key.pem").path)
        }
        let result = try await ProcessRunner.runOffPool(liftoff, ["serve", "--port", "0", "--db", "sqlite:" + directory.appendingPathComponent("l.db").path,
                                                                  "--tls-cert", a.appendingPathComponent("cert.pem").path,
                                                                  "--tls-key", b.appendingPathComponent("key.pem").path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("does not fit the certificate") && result.stderr.contains("hint:"), "\(result.stderr)")

        let alone = try await ProcessRunner.runOffPool(liftoff, ["serve", "--port", "0", "--tls-cert", a.appendingPathComponent("cert.pem").path])
        #expect(alone.status == 2 && alone.stderr.contains("--tls-cert needs --tls-key"), "\(alone.stderr)")
    }

    /// A self-signed certificate for 127.0.0.1 (an IP SAN, so openssl's client verifies it).
    static func makeCertificate(commonName: String, certificate: String, key: String) async throws {
        let result = try await ProcessRunner.runOffPool(URL(fileURLWithPath: "/bin/sh"), ["-c", """
            openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
              -subj "/CN=\(commonName)" -addext "subjectAltName=IP:127.0.0.1" \
              -keyout '\(key)' -out '\(certificate)' 2>&1
            """])
        guard result.status == 0 else { throw TestFailure("openssl req failed: \(result.stdout)") }
    }

    /// One HTTPS request by openssl's client, verifying the server against `trusting` for 127.0.0.1:
    /// its report (the certificate's subject, the verification result) and the HTTP response.
    static func get(_ path: String, port: Int, trusting ca: String) async throws -> String {
        let result = try await ProcessRunner.runOffPool(URL(fileURLWithPath: "/bin/sh"), ["-c", """
            printf 'GET \(path) HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\nConnection: close\\r\\n\\r\\n' | \
            timeout 20 openssl s_client -connect 127.0.0.1:\(port) -CAfile '\(ca)' -verify_ip 127.0.0.1 -verify_return_error -ign_eof 2>&1
            """])
        return result.stdout
    }

    /// rename(2), as a certificate renewal puts a file in place.
    static func move(_ source: URL, over destination: URL) throws {
        guard rename(source.path, destination.path) == 0 else { throw TestFailure("rename \(source.path): \(String(cString: strerror(errno)))") }
    }

    static func waitForLog(_ server: ServeProcess, _ text: String) async throws {
        let deadline = Date().addingTimeInterval(20)
        while !server.log.contains(text) {
            guard Date() < deadline else { throw TestFailure("no '\(text)' in the log: \(server.log)") }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}
