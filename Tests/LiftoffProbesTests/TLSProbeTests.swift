import LiftoffTestSupport
import Foundation
import Hummingbird
import LiftoffKit
@testable import LiftoffProbes
import Testing

@Suite("tls probe against servers with generated certificates")
struct TLSProbeTests {
    func serve<R: Sendable>(_ leaf: TestCertificates.Leaf, _ body: @Sendable (Int) async throws -> R) async throws -> R {
        try await TestHTTPServer.with(AcmeTestApp.router(), tls: try leaf.serverConfiguration(), body)
    }

    @Test func leafValidFor400DaysPassesEverything() async throws {
        let certs = try TestCertificates()
        defer { certs.cleanUp() }
        // Whole seconds, as certificates store them: a fraction rounded up would leave 400 full days.
        try await serve(try certs.leaf(notAfter: TestCertificates.wholeSeconds(TestCertificates.days(400)))) { port in
            let result = try await Probing.run(#"check tls localhost:\#(port) ca {{CA}} expect expiry > 90d and verified and san matches and issuer ~ "Liftoff Test CA" and protocol ~ "TLSv1\.[23]""#, ["CA": certs.caFile])
            #expect(result.status == .pass, "\(result.summary)")
            #expect(result.outcomes.at(0)?.observed == "399d")
        }
    }

    @Test func expiringIn30DaysExplainsItself() async throws {
        let certs = try TestCertificates()
        defer { certs.cleanUp() }
        // Whole seconds, as certificates store them.
        let notAfter = Date(timeIntervalSince1970: TestCertificates.days(30.5).timeIntervalSince1970.rounded(.down))
        try await serve(try certs.leaf(notAfter: notAfter)) { port in
            let result = try await Probing.run("check tls localhost:\(port) ca \(certs.caFile) expect expiry > 90d", [:])
            #expect(result.status == .fail)
            let stamp = ISO8601DateFormatter().string(from: notAfter)
            #expect(result.summary == "expected expiry > 90d, observed 30d (notAfter \(stamp))")
        }
    }

    @Test func expiredLeafDoesNotVerify() async throws {
        let certs = try TestCertificates()
        defer { certs.cleanUp() }
        try await serve(try certs.leaf(notBefore: TestCertificates.days(-40), notAfter: TestCertificates.wholeSeconds(TestCertificates.days(-10)))) { port in
            let result = try await Probing.run("check tls localhost:\(port) ca \(certs.caFile) expect expiry > 0d and verified")
            #expect(result.status == .fail)
            #expect(result.outcomes.at(0)?.observed == "-10d")
            #expect(result.outcomes.at(1)?.verdict == .fail)
            #expect(result.outcomes.at(1)?.observed == "chain does not verify")
        }
    }

    @Test func wrongSANIsReported() async throws {
        let certs = try TestCertificates()
        defer { certs.cleanUp() }
        try await serve(try certs.leaf(names: ["wrong.example"], notAfter: TestCertificates.days(400))) { port in
            let result = try await Probing.run("check tls localhost:\(port) ca \(certs.caFile) expect san matches and verified")
            #expect(result.summary == "expected san matches, observed wrong.example (host localhost)")
            // The chain itself is fine: name and trust are separate questions.
            #expect(result.outcomes.at(1)?.verdict == .pass)
            let sni = try await Probing.run("check tls 127.0.0.1:\(port) sni wrong.example ca \(certs.caFile) expect san matches")
            #expect(sni.status == .pass, "\(sni.summary)")
        }
    }

    @Test func selfSignedDoesNotVerifyAgainstTheCA() async throws {
        let certs = try TestCertificates()
        defer { certs.cleanUp() }
        try await serve(try certs.leaf(notAfter: TestCertificates.days(400), selfSigned: true)) { port in
            let result = try await Probing.run("check tls localhost:\(port) ca \(certs.caFile) expect verified and expiry > 90d")
            #expect(result.status == .fail)
            #expect(result.outcomes.at(0)?.message.hasPrefix("expected verified, observed chain does not verify") == true)
            #expect(result.outcomes.at(1)?.verdict == .pass)
        }
    }

    @Test func testCAIsNotInTheSystemTrustStore() async throws {
        let certs = try TestCertificates()
        defer { certs.cleanUp() }
        // Whole seconds, as certificates store them: a fraction rounded up would leave 400 full days.
        try await serve(try certs.leaf(notAfter: TestCertificates.wholeSeconds(TestCertificates.days(400)))) { port in
            let result = try await Probing.run("check tls localhost:\(port) expect verified")
            #expect(result.status == .fail)
        }
    }

    @Test func httpsWithTheTestCA() async throws {
        let certs = try TestCertificates()
        defer { certs.cleanUp() }
        // Whole seconds, as certificates store them: a fraction rounded up would leave 400 full days.
        try await serve(try certs.leaf(notAfter: TestCertificates.wholeSeconds(TestCertificates.days(400)))) { port in
            let result = try await Probing.run(#"check http GET https://localhost:\#(port)/ ca \#(certs.caFile) expect status == 200 and header Strict-Transport-Security ~ "max-age=(\d{8,})""#)
            #expect(result.status == .pass, "\(result.summary)")
            let untrusted = try await Probing.run("check http GET https://localhost:\(port)/ expect status == 200")
            #expect(untrusted.status == .error)
            #expect(untrusted.error?.contains("TLS") == true || untrusted.error?.contains("certificate") == true, "\(untrusted.error ?? "")")
        }
    }

    @Test func nothingListening() async throws {
        let (fd, port) = Tools.boundSocket()
        defer { close(fd) }
        let result = try await Probing.run("check tls localhost:\(port) timeout 2s expect expiry > 1d")
        #expect(result.status == .error)
    }
}
