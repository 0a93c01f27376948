import Foundation
import HTTPTypes
#if canImport(Glibc)
import Glibc
#endif

/// The reverse proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` are believed
/// (`serve --trusted-proxy ADDR|CIDR`). From anyone else both headers are ignored: the client is
/// the socket's peer and the request is HTTPS only when this server terminated TLS itself
/// (docs/operations.md, "Behind a reverse proxy").
public struct TrustedProxies: Sendable, Equatable {
    /// One address or network: its bytes (4 or 16) and how many leading bits must match.
    public struct Range: Sendable, Equatable, CustomStringConvertible {
        let bytes: [UInt8]
        let prefix: Int

        /// `10.0.0.1`, `10.0.0.0/8`, `::1`, `fd00::/8`; nil for anything else.
        public init?(_ text: String) {
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count <= 2, let bytes = TrustedProxies.bytes(of: String(parts[0])) else { return nil }
            let bits = bytes.count * 8
            var prefix = bits
            if parts.count == 2 {
                guard let value = Int(parts[1]), (0...bits).contains(value) else { return nil }
                prefix = value
            }
            self.bytes = bytes
            self.prefix = prefix
        }

        func contains(_ address: [UInt8]) -> Bool {
            guard address.count == bytes.count else { return false }
            var remaining = prefix
            for (a, b) in zip(address, bytes) where remaining > 0 {
                let mask: UInt8 = remaining >= 8 ? 0xFF : ~(0xFF >> UInt8(remaining))
                if a & mask != b & mask { return false }
                remaining -= 8
            }
            return true
        }

        public var description: String {
            let text = TrustedProxies.text(of: bytes) ?? "?"
            return prefix == bytes.count * 8 ? text : "\(text)/\(prefix)"
        }
    }

    public var ranges: [Range]

    public init(_ ranges: [Range] = []) {
        self.ranges = ranges
    }

    /// Parses `--trusted-proxy` values; the error names the first one that is neither an
    /// address nor a network.
    public static func parse(_ values: [String]) -> Result<TrustedProxies, TrustedProxyError> {
        var ranges: [Range] = []
        for value in values {
            guard let range = Range(value.trimmingCharacters(in: .whitespaces)) else { return .failure(TrustedProxyError(value: value)) }
            ranges.append(range)
        }
        return .success(TrustedProxies(ranges))
    }

    public func trusts(_ address: String) -> Bool {
        guard let bytes = Self.bytes(of: address) else { return false }
        return ranges.contains { $0.contains(bytes) }
    }

    /// Who sent the request and whether it reached the first proxy over HTTPS.
    public struct Origin: Sendable, Equatable {
        public var client: String?
        public var https: Bool

        public init(client: String?, https: Bool) {
            self.client = client
            self.https = https
        }
    }

    /// Walks `X-Forwarded-For` from the right (the hop nearest this server) past trusted proxies:
    /// the first address that is not one is the client. A proxy that lets clients send their own
    /// header leaves only its leftmost entries forged, and those are never reached.
    public func origin(peer: String?, headers: HTTPFields, tls: Bool) -> Origin {
        guard let peer, trusts(peer) else { return Origin(client: peer, https: tls) }
        var client = peer
        let hops = Self.values(headers, Self.forwardedFor)
        for hop in hops.reversed() {
            guard Self.bytes(of: hop) != nil else { break }
            client = hop
            if !trusts(hop) { break }
        }
        let proto = Self.values(headers, Self.forwardedProto).last?.lowercased()
        return Origin(client: Self.normalised(client), https: tls || proto == "https")
    }

    static let forwardedFor = HTTPField.Name("X-Forwarded-For")
    static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")

    /// Every comma-separated value of every line of a header, in order.
    static func values(_ headers: HTTPFields, _ name: HTTPField.Name?) -> [String] {
        guard let name else { return [] }
        return headers[values: name].flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// 4 bytes for IPv4 (also when written as IPv4-mapped IPv6), 16 for IPv6; nil otherwise.
    static func bytes(of text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        if bytes.prefix(10).allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF { return Array(bytes.suffix(4)) }
        return bytes
    }

    static func text(of bytes: [UInt8]) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        let ok = bytes.withUnsafeBytes { raw in inet_ntop(family, raw.baseAddress, &buffer, socklen_t(buffer.count)) } != nil
        return ok ? String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : nil
    }

    /// An address in one spelling, so `::ffff:10.0.0.1` and `10.0.0.1` are one rate-limit bucket.
    static func normalised(_ address: String) -> String {
        bytes(of: address).flatMap(text(of:)) ?? address
    }
}

/// A `--trusted-proxy` value that is neither an address nor a network.
public struct TrustedProxyError: Error, CustomStringConvertible {
    public var value: String
    public var description: String {
        "--trusted-proxy '\(value)' is neither an IP address nor a network (write 10.0.0.5, 10.0.0.0/8, ::1 or fd00::/8)"
    }
}
