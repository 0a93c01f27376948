import Foundation
import X509

/// The roots a presented chain is verified against: a PEM file named by the check's `ca`
/// option, else the system trust store.
enum TrustRoots {
    static func store(caFile: String?) throws -> CertificateStore {
        guard let caFile else { return CertificateStore.systemTrustRoots }
        guard let pem = try? String(contentsOfFile: caFile, encoding: .utf8) else {
            throw ProbeError("cannot read CA file '\(caFile)'")
        }
        do {
            let marker = "-----BEGIN CERTIFICATE-----"
            let blocks = pem.components(separatedBy: marker).dropFirst().map { marker + $0 }
            let certificates = try blocks.map { try Certificate(pemEncoded: $0) }
            guard !certificates.isEmpty else { throw ProbeError("no certificates in CA file '\(caFile)'") }
            return CertificateStore(certificates)
        } catch let error as ProbeError {
            throw error
        } catch {
            throw ProbeError("cannot read certificates in '\(caFile)': \(error)")
        }
    }
}
