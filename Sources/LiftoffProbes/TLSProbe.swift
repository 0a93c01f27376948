import Foundation
import LiftoffKit
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import X509

/// `tls`: a handshake with SNI, the presented chain captured as it arrives and parsed with
/// swift-certificates. The chain is always accepted so it can be examined; whether it verifies
/// (against the system trust store or the `ca` file) is decided here and recorded, not enforced.
struct TLSProbe: Sendable {
    let group: any EventLoopGroup

    func observe(host: String, port: Int, sni: String?, caFile: String?, timeout: Double) async throws -> TLSObservation {
        let roots = try TrustRoots.store(caFile: caFile)
        var configuration = TLSConfiguration.makeClientConfiguration()
        // Names are checked by `san matches`, not by the handshake.
        configuration.certificateVerification = .noHostnameVerification
        let context = try NIOSSLContext(configuration: configuration)
        let name = sni ?? host
        // SNI carries names only, never IP literals.
        let serverName: String? = Self.isIPLiteral(name) ? nil : name
        let presented = NIOLockedValueBox<[NIOSSLCertificate]>([])
        let loop = group.next()
        let handshake = loop.makePromise(of: Void.self)

        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: loop)
                .connectTimeout(.milliseconds(Int64(timeout * 1000)))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let tls = try NIOSSLClientHandler(context: context, serverHostname: serverName) { certificates, verdict in
                            presented.withLockedValue { $0 = certificates }
                            verdict.succeed(.certificateVerified)
                        }
                        try channel.pipeline.syncOperations.addHandler(tls)
                        try channel.pipeline.syncOperations.addHandler(TLSHandshakeObserver(done: handshake))
                    }
                }
                .connect(host: host, port: port).get()
        } catch {
            handshake.fail(error)
            throw ProbeError(TCPProbe.describe(error, host: host, port: port))
        }
        let version: TLSVersion?
        do {
            try await withTaskCancellationHandler {
                try await handshake.futureResult.get()
            } onCancel: {
                channel.close(promise: nil)
            }
            version = try? await channel.nioSSL_tlsVersion().get()
        } catch {
            channel.close(promise: nil)
            throw ProbeError("TLS handshake with \(host):\(port) failed: \(error)")
        }
        try? await channel.close()

        let chain = try presented.withLockedValue { $0 }.map { try Certificate(derEncoded: $0.toDERBytes()) }
        guard let leaf = chain.first else { throw ProbeError("\(host):\(port) presented no certificate") }
        let now = Date()
        var verifier = Verifier(rootCertificates: roots) { RFC5280Policy() }
        let verdict = await verifier.validate(leaf: leaf, intermediates: CertificateStore(chain.dropFirst()))
        var failure: String?
        if case .couldNotValidate(let failures) = verdict {
            failure = failures.first.map { "\($0.policyFailureReason)" } ?? "no chain to a trusted root"
            if failures.isEmpty || failure?.isEmpty == true { failure = "no chain to a trusted root" }
        }
        return TLSObservation(
            notAfter: leaf.notValidAfter,
            notBefore: leaf.notValidBefore,
            observedAt: now,
            subject: leaf.subject.description,
            issuer: leaf.issuer.description,
            sans: Self.names(leaf),
            expectedName: name,
            protocolVersion: version.map(Self.display) ?? "unknown",
            verified: failure == nil,
            verificationFailure: failure
        )
    }

    static func names(_ certificate: Certificate) -> [String] {
        guard let sans = try? certificate.extensions.subjectAlternativeNames else { return [] }
        return sans.compactMap { name in
            switch name {
            case .dnsName(let dns): dns
            case .ipAddress(let bytes):
                bytes.bytes.count == 4 ? bytes.bytes.map(String.init).joined(separator: ".") : bytes.bytes.map { String(format: "%02x", $0) }.joined()
            default: nil
            }
        }
    }

    static func display(_ version: TLSVersion) -> String {
        switch version {
        case .tlsv1: "TLSv1"
        case .tlsv11: "TLSv1.1"
        case .tlsv12: "TLSv1.2"
        case .tlsv13: "TLSv1.3"
        }
    }

    static func isIPLiteral(_ s: String) -> Bool {
        s.contains(":") || s.split(separator: ".").count == 4 && s.split(separator: ".").allSatisfy { UInt8($0) != nil }
    }
}
