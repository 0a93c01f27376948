import LiftoffKit

/// SARIF 2.1.0 for code-scanning tools (GitHub code scanning reads it as is).
public enum SARIFReport {
    public static func make(file: String, diagnostics: [Diagnostic], toolVersion: String) -> String {
        struct Message: Encodable { var text: String }
        struct ArtifactLocation: Encodable { var uri: String }
        struct Region: Encodable { var startLine: Int; var startColumn: Int }
        struct PhysicalLocation: Encodable { var artifactLocation: ArtifactLocation; var region: Region }
        struct Location: Encodable { var physicalLocation: PhysicalLocation }
        struct Result: Encodable { var ruleId: String; var level: String; var message: Message; var locations: [Location] }
        struct Rule: Encodable { var id: String; var shortDescription: Message }
        struct Driver: Encodable { var name: String; var version: String; var rules: [Rule] }
        struct Tool: Encodable { var driver: Driver }
        struct Run: Encodable { var tool: Tool; var results: [Result] }
        struct Log: Encodable {
            var version = "2.1.0"
            var schema = "https://json.schemastore.org/sarif-2.1.0.json"
            var runs: [Run]
            enum CodingKeys: String, CodingKey { case version, schema = "$schema", runs }
        }

        let rules = Dictionary(diagnostics.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
            .keys.sorted().map { Rule(id: $0, shortDescription: Message(text: LintRules.summary[$0] ?? $0)) }
        let results = diagnostics.map { d in
            Result(
                ruleId: d.code,
                level: d.severity == .error ? "error" : (d.severity == .warning ? "warning" : "note"),
                message: Message(text: d.hint.map { "\(d.message). Hint: \($0)" } ?? d.message),
                locations: [Location(physicalLocation: PhysicalLocation(artifactLocation: ArtifactLocation(uri: file), region: Region(startLine: max(1, d.line), startColumn: max(1, d.column))))]
            )
        }
        let driver = Driver(name: "liftoff", version: toolVersion, rules: rules)
        return JSONOutput.encode(Log(runs: [Run(tool: Tool(driver: driver), results: results)]))
    }
}

/// One line on what each diagnostic code means (SARIF rules, docs).
public enum LintRules {
    public static let summary: [String: String] = [
        "unfilled-placeholder": "A {{VARIABLE}} has no value",
        "possible-placeholder": "Text looks like a placeholder in another style",
        "step-without-owner": "Steps have no owner and their section names none",
        "unparsed-time": "A time-like heading or cell cannot be read as a time anchor",
        "unbound-trigger": "A trigger candidate's signal is not bound to a query",
        "duplicate-id": "Two steps share an explicit id",
        "gate-without-approvers": "A go/no-go gate names no approver roles",
        "invalid-check": "A liftoff check annotation cannot be read",
    ]
}
