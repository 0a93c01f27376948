import Foundation
import NIOCore
import NIOSSL
import Synchronization

/// The server's certificate chain and private key, read from PEM files, and read again by
/// `reload()` (on SIGHUP) so a renewed certificate is served without a restart: each TLS
/// handshake takes the pair current at that moment. A reload that fails keeps the pair in use
/// (docs/operations.md, "TLS").
public final class ServerCertificate: Sendable {
    public let certificatePath: String
    public let keyPath: String
    private let current: Mutex<Pair>

    struct Pair: Sendable {
        var chain: [NIOSSLCertificate]
        var key: NIOSSLPrivateKey
    }

    public init(certificatePath: String, keyPath: String) throws(ServerCertificateError) {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
        current = Mutex(try Self.load(certificatePath: certificatePath, keyPath: keyPath))
    }

    /// Reads both files again; on success new handshakes use them. Returns the leaf's subject
    /// and expiry for the log.
    @discardableResult
    public func reload() throws(ServerCertificateError) -> String {
        let pair = try Self.load(certificatePath: certificatePath, keyPath: keyPath)
        current.withLock { $0 = pair }
        return Self.describe(pair)
    }

    /// The leaf certificate in use, for the log line at start.
    public var summary: String { Self.describe(current.withLock { $0 }) }

    /// A server configuration whose handshakes take the current pair (SNI-time override).
    public func tlsConfiguration() -> TLSConfiguration {
        let pair = current.withLock { $0 }
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: pair.chain.map { .certificate($0) },
                                                                      privateKey: .privateKey(pair.key))
        configuration.minimumTLSVersion = .tlsv12
        configuration.sslContextCallback = { [self] _, promise in
            let pair = current.withLock { $0 }
            var override = NIOSSLContextConfigurationOverride()
            override.certificateChain = pair.chain.map { .certificate($0) }
            override.privateKey = .privateKey(pair.key)
            promise.succeed(override)
        }
        return configuration
    }

    static func load(certificatePath: String, keyPath: String) throws(ServerCertificateError) -> Pair {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificatePath)
        } catch {
            throw ServerCertificateError("cannot read the certificate \(certificatePath): \(error)",
                                         hint: "--tls-cert takes a PEM file: the server's certificate first, then its intermediates")
        }
        guard !chain.isEmpty else {
            throw ServerCertificateError("\(certificatePath) holds no certificate", hint: "--tls-cert takes a PEM file with BEGIN CERTIFICATE blocks")
        }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
        } catch {
            throw ServerCertificateError("cannot read the private key \(keyPath): \(error)",
                                         hint: "--tls-key takes an unencrypted PEM private key (RSA or EC)")
        }
        // A context checks that the key belongs to the certificate.
        do {
            _ = try NIOSSLContext(configuration: .makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key)))
        } catch {
            throw ServerCertificateError("the key \(keyPath) does not fit the certificate \(certificatePath): \(error)",
                                         hint: "pass the private key the certificate was issued for")
        }
        return Pair(chain: chain, key: key)
    }

    static func describe(_ pair: Pair) -> String {
        guard let leaf = pair.chain.first else { return "no certificate" }
        let expiry = Date(timeIntervalSince1970: TimeInterval(leaf.notValidAfter))
        return "\(leaf.description), valid until \(expiry.ISO8601Format())"
    }
}

/// A certificate or key that cannot be served, with what to do about it.
public struct ServerCertificateError: Error, CustomStringConvertible {
    public var message: String
    public var hint: String

    init(_ message: String, hint: String) {
        self.message = message
        self.hint = hint
    }

    public var description: String { "\(message) (\(hint))" }
}
