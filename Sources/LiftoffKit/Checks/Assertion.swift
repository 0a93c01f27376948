/// One `expect` clause: what is observed, how it is compared, and with what.
/// `status == 200`, `header Strict-Transport-Security ~ "max-age=(\d{8,})"`, `expiry > 90d`.
public struct Assertion: Hashable, Sendable {
    public var subject: AssertionSubject
    public var op: AssertionOperator
    public var expected: ExpectedValue
    /// As written, with variables filled (secrets stay `{{NAME}}`): `expiry > 90d`.
    public var text: String

    public init(subject: AssertionSubject, op: AssertionOperator, expected: ExpectedValue = .none, text: String) {
        self.subject = subject
        self.op = op
        self.expected = expected
        self.text = text
    }
}

/// The observation an assertion reads.
public enum AssertionSubject: Hashable, Sendable {
    // http
    case status
    case header(String)
    case json(String)
    case body
    case latency
    /// `redirects to URL`: the last `Location` of the recorded chain.
    case redirect
    case finalURL
    // tls
    case expiry
    case san
    case issuer
    case tlsProtocol
    case verified
    // dns
    case answer
    case ttl
    case rcode
    // tcp
    case connected
    // command
    case exit
    case stdout
    case stderr
    // prometheus
    case value

    /// The word a user writes.
    public var word: String {
        switch self {
        case .status: "status"
        case .header(let name): "header \(name)"
        case .json(let path): "json \"\(path)\""
        case .body: "body"
        case .latency: "latency"
        case .redirect: "redirects to"
        case .finalURL: "url"
        case .expiry: "expiry"
        case .san: "san"
        case .issuer: "issuer"
        case .tlsProtocol: "protocol"
        case .verified: "verified"
        case .answer: "answer"
        case .ttl: "ttl"
        case .rcode: "rcode"
        case .connected: "connected"
        case .exit: "exit"
        case .stdout: "stdout"
        case .stderr: "stderr"
        case .value: "value"
        }
    }
}

public enum AssertionOperator: String, Hashable, Sendable, CaseIterable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    /// Regular expression search.
    case matches = "~"
    case notMatches = "!~"
    case contains
    case inRange = "in"
    case exists
    case isJWT = "is jwt"
    /// A boolean observation that must hold (`connected`, `verified`, `san matches`).
    case holds
}

public enum ExpectedValue: Hashable, Sendable {
    case none
    /// In base units (seconds for durations, fractions for `%`); `unit` as written, for display.
    case number(Double, unit: String?)
    case text(String)
    case range(Double, Double)
}
