import Crypto
import Foundation
import NIOSSL
import X509

/// A test CA and leaves signed by it, generated per test run with swift-certificates:
/// valid for 400 days, expiring in 30 days, expired, with the wrong SAN, and self-signed.
struct TestCertificates {
    struct Leaf {
        var certificate: Certificate
        var key: Certificate.PrivateKey

        func serverConfiguration() throws -> TLSConfiguration {
            let pem = try certificate.serializeAsPEM().pemString
            let keyPEM = try key.serializeAsPEM().pemString
            return TLSConfiguration.makeServerConfiguration(
                certificateChain: [.certificate(try NIOSSLCertificate(bytes: Array(pem.utf8), format: .pem))],
                privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(keyPEM.utf8), format: .pem))
            )
        }
    }

    let caCertificate: Certificate
    let caKey: Certificate.PrivateKey
    /// The CA as a PEM file, for `ca` options and HTTPS clients.
    let caFile: String
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("liftoff-certs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        caKey = Certificate.PrivateKey(P256.Signing.PrivateKey())
        let name = try DistinguishedName { CommonName("Liftoff Test CA") }
        let now = Date()
        caCertificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: caKey.publicKey,
            notValidBefore: now.addingTimeInterval(-86400), notValidAfter: now.addingTimeInterval(3650 * 86400),
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                KeyUsage(keyCertSign: true)
            },
            issuerPrivateKey: caKey
        )
        let file = directory.appendingPathComponent("ca.pem")
        try caCertificate.serializeAsPEM().pemString.write(to: file, atomically: true, encoding: .utf8)
        caFile = file.path
    }

    func cleanUp() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// A leaf for `names`, valid from `notBefore` to `notAfter`, signed by the CA (or by itself).
    func leaf(names: [String] = ["localhost"], notBefore: Date = Date().addingTimeInterval(-3600), notAfter: Date, selfSigned: Bool = false) throws -> Leaf {
        let key = Certificate.PrivateKey(P256.Signing.PrivateKey())
        let subject = try DistinguishedName { CommonName(names.first ?? "localhost") }
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: key.publicKey,
            notValidBefore: notBefore, notValidAfter: notAfter,
            issuer: selfSigned ? subject : caCertificate.subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                SubjectAlternativeNames(names.map { GeneralName.dnsName($0) })
                try ExtendedKeyUsage([.serverAuth])
            },
            issuerPrivateKey: selfSigned ? key : caKey
        )
        return Leaf(certificate: certificate, key: key)
    }

    static func days(_ n: Double) -> Date { Date().addingTimeInterval(n * 86400) }

    /// `date` without its fraction of a second, as a certificate keeps it.
    static func wholeSeconds(_ date: Date) -> Date { Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)) }
}
