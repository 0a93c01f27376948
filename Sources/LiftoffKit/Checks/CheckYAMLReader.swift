
/// The YAML form of checks, in a `liftoff` fenced block or the front matter's `liftoff:` key:
///
/// ```yaml
/// checks:
///   - check http GET https://{{DOMAIN}}/healthz expect status == 200
///   - http: GET https://{{DOMAIN}}/api/v2/auth/token
///     id: token
///     timeout: 2s
///     headers: { Authorization: "Bearer {{API_TOKEN}}" }
///     body: '{"user":"smoke"}'
///     redirects: false
///     expect:
///       - status == 200
///       - json "$.access_token" is jwt
/// ```
/// A mapping entry is written back as the inline form and read by `CheckParser`, so both forms
/// mean exactly the same; errors point at the entry.
enum CheckYAMLReader {
    struct Entry {
        var text: String
        /// 1-based, relative to the YAML text.
        var line: Int
        var column: Int
    }

    enum Failure: Error {
        case yaml(line: Int, column: Int, message: String)
        case entry(line: Int, column: Int, message: String, hint: String)
    }

    private static let kinds = Set(CheckKind.allCases.map(\.rawValue))
    private static let optionKeys: [String: String] = ["timeout": "timeout", "sni": "sni", "ca": "ca", "server": "server", "cwd": "cwd", "nodata": "nodata", "body": "body"]

    static func entries(_ document: AnnotationDocument) throws(Failure) -> [Entry] {
        if let problem = document.problem { throw .yaml(line: problem.line, column: problem.column, message: problem.message) }
        let node = document.root
        guard let mapping = node?.mapping, let checks = mapping["checks"] else { return [] }
        guard let list = checks.sequence else {
            let m = mark(checks)
            throw .entry(line: m.line, column: m.column, message: "'checks' must be a list", hint: "checks:\n  - check tls {{DOMAIN}}:443 expect expiry > 90d")
        }
        var entries: [Entry] = []
        for item in list {
            let m = mark(item)
            if let text = item.string {
                entries.append(Entry(text: text, line: m.line, column: m.column))
                continue
            }
            guard let fields = item.mapping else {
                throw .entry(line: m.line, column: m.column, message: "a check must be a string or a mapping", hint: "e.g. - http: GET https://{{DOMAIN}}/ with expect: [status == 200]")
            }
            entries.append(Entry(text: try inline(fields, at: m), line: m.line, column: m.column))
        }
        return entries
    }

    /// A mapping entry as the inline form.
    private static func inline(_ fields: AnnotationNode.Mapping, at m: (line: Int, column: Int)) throws(Failure) -> String {
        var parts: [String] = []
        if let check = fields["check"]?.string { return check }
        if let id = fields["id"]?.string { parts.append("id=\(id)") }
        guard let kindKey = fields.keys.compactMap(\.string).first(where: { kinds.contains($0.lowercased()) }), let target = fields[kindKey]?.string else {
            throw .entry(line: m.line, column: m.column, message: "expected a kind key (\(CheckKind.allCases.map(\.rawValue).joined(separator: ", "))) with the target", hint: "e.g. - tls: \"{{DOMAIN}}:443\"")
        }
        parts.append("check \(kindKey.lowercased())")
        let kind = CheckKind(rawValue: kindKey.lowercased())
        parts.append(kind == .command || kind == .prometheus ? quoted(target) : target)
        for (key, option) in optionKeys.sorted(by: { $0.key < $1.key }) {
            if let value = fields[key]?.string { parts.append("\(option) \(quoted(value))") }
        }
        if let headers = fields["headers"]?.mapping {
            for (name, value) in headers {
                if let name = name.string, let value = value.string { parts.append("header \(quoted("\(name): \(value)"))") }
            }
        }
        if let redirects = fields["redirects"] ?? fields["follow_redirects"], let follow = redirects.bool {
            parts.append(follow ? "follow-redirects" : "no-redirects")
        }
        var expectations: [String] = []
        if let expect = fields["expect"] {
            if let one = expect.string { expectations = [one] }
            if let many = expect.sequence { expectations = many.compactMap(\.string) }
        }
        guard !expectations.isEmpty else {
            throw .entry(line: m.line, column: m.column, message: "expected an 'expect' key with one assertion or a list", hint: "expect:\n  - status == 200")
        }
        parts.append("expect " + expectations.joined(separator: " and "))
        return parts.joined(separator: " ")
    }

    private static func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    private static func mark(_ node: AnnotationNode) -> (line: Int, column: Int) {
        (node.mark?.line ?? 1, node.mark?.column ?? 1)
    }
}
