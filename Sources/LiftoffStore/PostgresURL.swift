import Foundation

/// `postgres://user[:password]@host[:port]/database?sslmode=disable|prefer|require|verify-full`.
/// The password (from the URL, else `PGPASSWORD`) is kept for connecting and never printed.
public struct PostgresURL: Hashable, Sendable, CustomStringConvertible {
    public enum SSLMode: String, Hashable, Sendable, CaseIterable {
        /// No TLS.
        case disable
        /// TLS when the server offers it, without checking its certificate (libpq's default).
        case prefer
        /// TLS or nothing, without checking the certificate (as libpq's `require`).
        case require
        /// TLS with the certificate checked against the system's roots and the host name.
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var username: String
    var password: String?
    public var database: String
    public var sslMode: SSLMode

    public init(host: String, port: Int = 5432, username: String, password: String? = nil, database: String, sslMode: SSLMode = .prefer) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.sslMode = sslMode
    }

    public init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(StoreError) {
        let shown = Self.redacting(text)
        let example = "postgres://user@host:5432/database?sslmode=disable"
        guard let parts = URLComponents(string: text), let scheme = parts.scheme, ["postgres", "postgresql"].contains(scheme) else {
            throw StoreError(.missing, "cannot read the PostgreSQL URL '\(shown)'", hint: "write it as \(example)")
        }
        guard let host = parts.host, !host.isEmpty else {
            throw StoreError(.missing, "the PostgreSQL URL '\(shown)' names no host", hint: "write it as \(example)")
        }
        guard let user = parts.user?.removingPercentEncoding, !user.isEmpty else {
            throw StoreError(.missing, "the PostgreSQL URL '\(shown)' names no user", hint: "write it as \(example)")
        }
        var mode = SSLMode.prefer
        for item in parts.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let value = item.value, let m = SSLMode(rawValue: value) else {
                    throw StoreError(.missing, "sslmode '\(item.value ?? "")' in '\(shown)' is not one Liftoff knows",
                                     hint: "use one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                mode = m
            default:
                throw StoreError(.missing, "'\(item.name)' in '\(shown)' is not a parameter Liftoff knows", hint: "only sslmode is read")
            }
        }
        let path = parts.path.hasPrefix("/") ? String(parts.path.dropFirst()) : parts.path
        let database = path.removingPercentEncoding ?? path
        guard !database.contains("/") else {
            throw StoreError(.missing, "the PostgreSQL URL '\(shown)' names '\(database)' as database", hint: "write it as \(example)")
        }
        self.init(host: host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host, port: parts.port ?? 5432, username: user,
                  password: parts.password?.removingPercentEncoding ?? environment["PGPASSWORD"],
                  database: database.isEmpty ? user : database, sslMode: mode)
    }

    /// The URL as it may be printed: the password is `***`.
    public var description: String {
        let auth = username.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? username
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(auth)\(password == nil ? "" : ":***")@\(shownHost):\(port)/\(database)?sslmode=\(sslMode.rawValue)"
    }

    /// Hides a password in any text that looks like a URL with credentials (`scheme://user:secret@…`).
    public static func redacting(_ text: String) -> String {
        guard let schemeEnd = text.range(of: "://") else { return text }
        let rest = text[schemeEnd.upperBound...]
        guard let at = rest.lastIndex(of: "@") else { return text }
        let credentials = rest[..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at...])
    }
}
