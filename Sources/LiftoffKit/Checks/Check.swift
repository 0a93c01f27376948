import LiftoffMarkdown

/// One automated probe with assertions (DESIGN §4): `kind target [options] expect assertion {and assertion}`.
///
/// ```markdown
/// - [ ] Health <!-- liftoff: check http GET https://{{DOMAIN}}/healthz timeout 2s expect status == 200 -->
/// ```
/// Variables are already substituted; secret variables (`env:NAME`) stay as `{{NAME}}` and are
/// listed in `secrets`, to be filled from the environment only where the check runs.
public struct Check: Hashable, Sendable, Identifiable {
    /// Stable within a runbook: the step id (or section id) and an ordinal, e.g. `smoke-tests-health#1`.
    public var id: String
    public var kind: CheckKind
    public var target: CheckTarget
    public var options: CheckOptions
    public var assertions: [Assertion]
    /// The check as written (before substitution), for display; never holds a secret value.
    public var source: String
    public var origin: CheckOrigin
    public var file: String
    public var position: SourcePosition
    /// Index into `Runbook.sections`.
    public var section: Int
    public var step: String?
    /// Secret variable name → environment variable that holds its value.
    public var secrets: [String: String]
    /// The values of a command's `{{NAME}}` placeholders (secrets only once revealed): they
    /// reach the command in its environment, never in its text (`ShellTemplate`).
    public var values: [String: String] = [:]

    public init(id: String, kind: CheckKind, target: CheckTarget, options: CheckOptions = CheckOptions(), assertions: [Assertion], source: String, origin: CheckOrigin = .annotation, file: String = "", position: SourcePosition = SourcePosition(line: 1, column: 1), section: Int = 0, step: String? = nil, secrets: [String: String] = [:]) {
        self.id = id
        self.kind = kind
        self.target = target
        self.options = options
        self.assertions = assertions
        self.source = source
        self.origin = origin
        self.file = file
        self.position = position
        self.section = section
        self.step = step
        self.secrets = secrets
    }

    /// `expect a and b`, as written.
    public var expectation: String { assertions.map(\.text).joined(separator: " and ") }
}

public enum CheckKind: String, Hashable, Sendable, Codable, CaseIterable {
    case http, tls, dns, tcp, command, prometheus
}

/// Where a check was written.
public enum CheckOrigin: String, Hashable, Sendable, Codable {
    /// `<!-- liftoff: check … -->`
    case annotation
    /// A `checks:` list in a `liftoff` block or the front matter.
    case yaml
    /// `# Expected: X` after a shell command.
    case expectedOutput
}

/// What a check probes. Hosts and URLs are substituted text.
public enum CheckTarget: Hashable, Sendable {
    case http(method: String, url: String)
    case tls(host: String, port: Int)
    case dns(name: String, type: DNSRecordType)
    case tcp(host: String, port: Int)
    /// A shell command from the runbook as written, `{{NAME}}` placeholders intact: they
    /// become environment references when it runs (`ShellTemplate`).
    case command(String)
    case prometheus(query: String)

    /// One line for tables: `GET https://shop.example.com/healthz`, `shop.example.com:443`.
    public var display: String {
        switch self {
        case .http(let method, let url): "\(method) \(url)"
        case .tls(let host, let port), .tcp(let host, let port): "\(host):\(port)"
        case .dns(let name, let type): "\(name) \(type.rawValue)"
        case .command(let command): command
        case .prometheus(let query): query
        }
    }
}

/// The record types the dns probe asks for.
public enum DNSRecordType: String, Hashable, Sendable, Codable, CaseIterable {
    case A, AAAA, CNAME, TXT, CAA, NS, MX, SOA, PTR, SRV

    public var code: UInt16 {
        switch self {
        case .A: 1
        case .NS: 2
        case .CNAME: 5
        case .SOA: 6
        case .PTR: 12
        case .MX: 15
        case .TXT: 16
        case .AAAA: 28
        case .SRV: 33
        case .CAA: 257
        }
    }

    public init?(code: UInt16) {
        guard let match = Self.allCases.first(where: { $0.code == code }) else { return nil }
        self = match
    }
}

/// What happens when a query returns no data (empty vector, NaN, ±Inf), as DESIGN §6 says.
public enum NodataPolicy: String, Hashable, Sendable, Codable {
    /// Report `nodata`: not a pass, so a gate holds.
    case hold
    case pass
    case fail
}

/// Options written between the target and `expect`.
public struct CheckOptions: Hashable, Sendable {
    /// Seconds; nil means the run's default (`--timeout`).
    public var timeout: Double?
    public var headers: [HeaderField]
    public var body: String?
    public var followRedirects: Bool
    /// TLS server name to send instead of the host.
    public var sni: String?
    /// A PEM file of trusted roots (tls, https) instead of the system trust store.
    public var ca: String?
    /// DNS server `host[:port]`; nil means the system resolver.
    public var server: String?
    /// Working directory of a command.
    public var cwd: String?
    public var nodata: NodataPolicy

    public init(timeout: Double? = nil, headers: [HeaderField] = [], body: String? = nil, followRedirects: Bool = true, sni: String? = nil, ca: String? = nil, server: String? = nil, cwd: String? = nil, nodata: NodataPolicy = .hold) {
        self.timeout = timeout
        self.headers = headers
        self.body = body
        self.followRedirects = followRedirects
        self.sni = sni
        self.ca = ca
        self.server = server
        self.cwd = cwd
        self.nodata = nodata
    }
}

public struct HeaderField: Hashable, Sendable, Codable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
