import Foundation

/// What a probe saw, as plain values, so assertions are pure functions over it.
public enum Observation: Hashable, Sendable {
    case http(HTTPObservation)
    case tls(TLSObservation)
    case dns(DNSObservation)
    case tcp(TCPObservation)
    case command(CommandObservation)
    case prometheus(PrometheusObservation)
}

public struct HTTPObservation: Hashable, Sendable {
    public var status: Int
    /// In the order received; names as sent.
    public var headers: [HeaderField]
    public var body: String
    /// Seconds from the request to the last byte of the final response.
    public var latency: Double
    /// Each hop before the final response: `301 https://… -> Location`.
    public var redirects: [Redirect]
    public var finalURL: String

    public struct Redirect: Hashable, Sendable, Codable {
        public var status: Int
        public var url: String
        public var location: String

        public init(status: Int, url: String, location: String) {
            self.status = status
            self.url = url
            self.location = location
        }
    }

    public init(status: Int, headers: [HeaderField], body: String, latency: Double, redirects: [Redirect] = [], finalURL: String) {
        self.status = status
        self.headers = headers
        self.body = body
        self.latency = latency
        self.redirects = redirects
        self.finalURL = finalURL
    }

    public func header(_ name: String) -> String? {
        let values = headers.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map(\.value)
        return values.isEmpty ? nil : values.joined(separator: ", ")
    }
}

public struct TLSObservation: Hashable, Sendable {
    public var notAfter: Date
    public var notBefore: Date
    /// When the observation was made; expiry is `notAfter - observedAt`.
    public var observedAt: Date
    public var subject: String
    public var issuer: String
    public var sans: [String]
    /// The host (or SNI name) the certificate had to cover.
    public var expectedName: String
    public var protocolVersion: String
    /// Whether the presented chain verifies against the trust roots (system or `ca`).
    public var verified: Bool
    /// Why it did not verify.
    public var verificationFailure: String?

    public init(notAfter: Date, notBefore: Date, observedAt: Date, subject: String, issuer: String, sans: [String], expectedName: String, protocolVersion: String, verified: Bool, verificationFailure: String?) {
        self.notAfter = notAfter
        self.notBefore = notBefore
        self.observedAt = observedAt
        self.subject = subject
        self.issuer = issuer
        self.sans = sans
        self.expectedName = expectedName
        self.protocolVersion = protocolVersion
        self.verified = verified
        self.verificationFailure = verificationFailure
    }

    public var secondsLeft: Double { notAfter.timeIntervalSince(observedAt) }

    /// RFC 6125 matching: exact, or one `*.` label on the left.
    public var sanMatches: Bool {
        let name = expectedName.lowercased()
        return sans.contains { san in
            let san = san.lowercased()
            if san == name { return true }
            if san.hasPrefix("*."), let dot = name.firstIndex(of: ".") {
                return name[dot...] == san.dropFirst()
            }
            return false
        }
    }
}

public struct DNSObservation: Hashable, Sendable {
    public var rcode: String
    public var answers: [DNSAnswer]
    public var server: String

    public init(rcode: String, answers: [DNSAnswer], server: String) {
        self.rcode = rcode
        self.answers = answers
        self.server = server
    }
}

public struct DNSAnswer: Hashable, Sendable, Codable {
    public var name: String
    public var type: String
    public var ttl: UInt32
    /// Presentation form: `203.0.113.7`, `10 mail.example.com.`, `"v=spf1 -all"` without quotes.
    public var value: String

    public init(name: String, type: String, ttl: UInt32, value: String) {
        self.name = name
        self.type = type
        self.ttl = ttl
        self.value = value
    }
}

public struct TCPObservation: Hashable, Sendable {
    public var connected: Bool
    public var connectTime: Double
    public var failure: String?

    public init(connected: Bool, connectTime: Double, failure: String? = nil) {
        self.connected = connected
        self.connectTime = connectTime
        self.failure = failure
    }
}

public struct CommandObservation: Hashable, Sendable {
    public var exitCode: Int32
    public var stdout: String
    public var stderr: String
    public var truncated: Bool

    public init(exitCode: Int32, stdout: String, stderr: String, truncated: Bool = false) {
        self.exitCode = exitCode
        self.stdout = stdout
        self.stderr = stderr
        self.truncated = truncated
    }
}

public struct PrometheusObservation: Hashable, Sendable {
    /// `vector` or `scalar` (matrix and string results are rejected by the probe).
    public var resultType: String
    public var samples: [Sample]

    public struct Sample: Hashable, Sendable {
        public var labels: [String: String]
        public var value: Double

        public init(labels: [String: String], value: Double) {
            self.labels = labels
            self.value = value
        }

        /// `{job="api", instance="a"}`, or `{}` for a scalar.
        public var series: String {
            "{" + labels.sorted { $0.key < $1.key }.filter { $0.key != "__name__" }.map { "\($0.key)=\"\($0.value)\"" }.joined(separator: ", ") + "}"
        }
    }

    public init(resultType: String, samples: [Sample]) {
        self.resultType = resultType
        self.samples = samples
    }
}
