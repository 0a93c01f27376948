import LiftoffKit
import NIOCore

/// `dns`: asks the chosen server (default: the system resolver) and keeps the answers of the
/// asked type (a CNAME chain leading to them is not an answer to `A`).
struct DNSProbe: Sendable {
    let client: DNSClient

    func observe(name: String, type: DNSRecordType, server: String?) async throws -> DNSObservation {
        let (host, port) = Self.split(server ?? ResolvConf.systemServer())
        let response = try await client.query(name: name, type: type, server: host, port: port)
        let wanted = response.answers.filter { $0.type == type.rawValue }
        return DNSObservation(rcode: DNSMessage.rcodeName(response.rcode), answers: wanted, server: "\(host):\(port)")
    }

    static func split(_ server: String) -> (String, Int) {
        if server.hasPrefix("["), let close = server.firstIndex(of: "]") {
            let host = String(server[server.index(after: server.startIndex)..<close])
            let rest = server[server.index(after: close)...]
            return (host, rest.hasPrefix(":") ? Int(rest.dropFirst()) ?? 53 : 53)
        }
        if server.filter({ $0 == ":" }).count == 1, let colon = server.firstIndex(of: ":") {
            return (String(server[..<colon]), Int(server[server.index(after: colon)...]) ?? 53)
        }
        return (server, 53)
    }
}
