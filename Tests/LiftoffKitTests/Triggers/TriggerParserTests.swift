import LiftoffMarkdown
import Testing
@testable import LiftoffKit

@Suite struct TriggerParserTests {
    static let context = TriggerParser.Context(file: "runbook.md", position: SourcePosition(line: 10, column: 15))

    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var name: String
        var signal: String
        var quoted: Bool
        var op: ComparisonOperator
        var threshold: Double
        var forSeconds = 0
        var keep = 0
        var every = 15
        var nodata = NoDataPolicy.hold
        var errors = 4
        var action: TriggerAction
        var testDescription: String { text }
    }

    static let cases: [Case] = [
        Case(text: "trigger high errors: error rate > 1% for 5m then rollback", name: "high errors", signal: "error rate", quoted: false, op: .greater, threshold: 0.01, forSeconds: 300, action: .rollback),
        Case(text: "trigger slow: p99 latency >= 500ms for 10 minutes keep 2m every 30s then page", name: "slow", signal: "p99 latency", quoted: false, op: .greaterOrEqual, threshold: 0.5, forSeconds: 600, keep: 120, every: 30, action: .page),
        Case(text: #"trigger lag: "max(replication_lag_seconds{job=\"db\"})" > 2s nodata=fail errors=2 then alert"#, name: "lag", signal: #"max(replication_lag_seconds{job="db"})"#, quoted: true, op: .greater, threshold: 2, nodata: .fail, errors: 2, action: .alert),
        Case(text: #"trigger down: up{job="api"} == 0 then page"#, name: "down", signal: #"up{job="api"}"#, quoted: false, op: .equal, threshold: 0, action: .page),
        Case(text: "trigger budget: error rate>7% then alert", name: "budget", signal: "error rate", quoted: false, op: .greater, threshold: 0.07, action: .alert),
        Case(text: "trigger apdex: apdex <0.9 for 1h 30m nodata=pass then alert", name: "apdex", signal: "apdex", quoted: false, op: .less, threshold: 0.9, forSeconds: 5400, nodata: .pass, action: .alert),
        Case(text: "trigger x: saturation != 1 then alert", name: "x", signal: "saturation", quoted: false, op: .notEqual, threshold: 1, action: .alert),
        Case(text: "trigger from vars: error rate > {{RATE}}% for {{MINUTES}}m then rollback", name: "from vars", signal: "error rate", quoted: false, op: .greater, threshold: 0.02, forSeconds: 600, action: .rollback),
    ]

    @Test(arguments: cases)
    func readsTheTriggerLanguage(_ c: Case) throws {
        let d = try TriggerParser(values: ["RATE": "2", "MINUTES": "10"]).parse(c.text, context: Self.context)
        #expect(d.name == c.name)
        #expect(d.signal == c.signal)
        #expect(d.quotedSignal == c.quoted)
        #expect(d.op == c.op)
        #expect(d.threshold == c.threshold)
        #expect(d.forSeconds == c.forSeconds)
        #expect(d.keepSeconds == c.keep)
        #expect(d.everySeconds == c.every)
        #expect(d.nodata == c.nodata)
        #expect(d.maxErrors == c.errors)
        #expect(d.action == c.action)
    }

    @Test(arguments: [
        ("1%", 0.01, "%"), ("7%", 0.07, "%"), ("500ms", 0.5, "ms"), ("2s", 2, "s"), ("5m", 300, "m"), ("1h", 3600, "h"), ("0.99", 0.99, nil), ("-3", -3, nil), ("2min", 120, "m"),
    ] as [(String, Double, String?)])
    func valuesTakeUnits(text: String, value: Double, unit: String?) throws {
        let q = try #require(TriggerParser.quantity(text))
        #expect(q.value == value)
        #expect(q.unit == unit)
    }

    /// Errors name the place (file line:col, the column inside the text) and give a hint.
    @Test(arguments: [
        ("trigger error rate > 1% then alert", 1, "expected the trigger's name and a colon"),
        ("trigger x: error rate 1% then alert", 26, "expected an operator (>, >=, <, <=, ==, !=), found 'then'"),
        ("trigger x: error rate > lots then alert", 25, "expected a number with an optional unit, found 'lots'"),
        ("trigger x: error rate > 1% for ever then alert", 32, "expected a duration after 'for', found 'ever'"),
        ("trigger x: error rate > 1% nodata=maybe then alert", 28, "nodata must be pass, fail or hold"),
        ("trigger x: error rate > 1% errors=-1 then alert", 28, "errors must be a whole number"),
        ("trigger x: error rate > 1% then explode", 33, "expected alert, rollback, page or halt after 'then', found 'explode'"),
        ("trigger x: error rate > 1% for 5m", 34, "expected 'then alert'"),
        ("trigger x: error rate > 1% sometimes then alert", 28, "unexpected 'sometimes'"),
        (#"trigger x: "sum(rate(x[5m])) > 1 then alert"#, 12, "unterminated quoted string"),
        ("trigger x: error rate > {{NOPE}}% then alert", 25, "{{NOPE}} has no value"),
        ("trigger x: > 1 then alert", 12, "expected a signal"),
    ] as [(String, Int, String)])
    func errorsPointAtTheProblem(text: String, column: Int, message: String) {
        #expect {
            _ = try TriggerParser().parse(text, context: Self.context)
        } throws: { error in
            guard let e = error as? TriggerSyntaxError else { return false }
            return e.column == column && e.position == SourcePosition(line: 10, column: 14 + column) && e.message.contains(message) && e.hint != nil
        }
    }

    @Test func onlyTriggerAnnotationsAreTriggers() {
        #expect(TriggerParser.isTrigger("trigger x: a > 1 then alert"))
        #expect(TriggerParser.isTrigger("  Trigger x: a > 1 then alert"))
        #expect(!TriggerParser.isTrigger("check tls x:443 expect expiry > 90d"))
        #expect(!TriggerParser.isTrigger("triggers are nice"))
        #expect(!CheckParser.isCheck("trigger x: a > 1 then alert"))
    }
}
