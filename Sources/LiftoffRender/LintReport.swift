import Foundation
import LiftoffKit

/// The machine-readable form of `liftoff lint --format json` (documented in docs/json.md).
/// Times are seconds relative to T-0 (`null` when untimed); lines and columns are 1-based.
public struct LintReport: Sendable {
    public struct RunbookInfo: Sendable {
        public var title: String?
        public var file: String
    }

    public struct PhaseJSON: Sendable {
        public var id: String
        public var title: String
        public var line: Int
        public var anchor: String?
        public var start: Int?
        public var end: Int?
        public var parent: String?
        public var owner: String?
        public var startAt: String?
        public var endAt: String?
    }

    public struct StepJSON: Sendable {
        public var id: String
        public var text: String
        public var line: Int
        public var column: Int
        public var section: String
        public var parent: String?
        public var owner: String?
        public var start: Int?
        public var end: Int?
        public var done: Bool
        public var kind: String
        public var rollback: Bool
        public var commands: [Int]
        public var startAt: String?
        public var endAt: String?
    }

    public struct PlaceholderJSON: Sendable {
        public var name: String
        public var lines: [Int]
        public var filled: Bool?
    }

    public struct PossiblePlaceholderJSON: Sendable {
        public var text: String
        public var style: String
        public var line: Int
        public var column: Int
    }

    public struct GateJSON: Sendable {
        public var id: String
        public var title: String
        public var line: Int
        public var roles: [String]
        public var start: Int?
        public var end: Int?
    }

    public struct TriggerJSON: Sendable {
        public var line: Int
        public var column: Int
        public var text: String
        public var signal: String
        public var op: String
        public var value: Double?
        public var valueVariable: String?
        public var unit: String?
        public var forSeconds: Int?
        public var forVariable: String?
        public var activeForSeconds: Int?
        public var action: String
        public var bound: Bool?
        /// The threshold as written when it is relative to a baseline ("3x baseline").
        public var relative: String?
    }

    /// A statement of the healthy side: a GO or success criterion, a target, a baseline.
    public struct HealthyJSON: Sendable {
        public var line: Int
        public var column: Int
        public var text: String
        public var signal: String
        public var op: String
        public var value: Double?
        public var unit: String?
        public var kind: String
    }

    public struct CommandJSON: Sendable {
        public var line: Int
        public var language: String
        public var code: String
        public var expected: String?
        public var step: String?
        public var section: String
    }

    public struct AnnotationJSON: Sendable {
        public var form: String
        public var text: String
        public var line: Int
        public var column: Int
        public var step: String?
        public var section: String
    }

    public struct DiagnosticJSON: Sendable {
        public var severity: String
        public var code: String
        public var line: Int
        public var column: Int
        public var message: String
        public var hint: String?
    }

    public var runbook: RunbookInfo
    public var phases: [PhaseJSON]
    public var steps: [StepJSON]
    public var placeholders: [PlaceholderJSON]
    public var possiblePlaceholders: [PossiblePlaceholderJSON]
    public var gates: [GateJSON]
    public var triggers: [TriggerJSON]
    public var healthy: [HealthyJSON]
    public var commands: [CommandJSON]
    public var annotations: [AnnotationJSON]
    public var diagnostics: [DiagnosticJSON]

    public init(runbook rb: Runbook, diagnostics: [Diagnostic], vars: LaunchVariables? = nil) {
        let sectionID = { (i: Int) in rb.sections.indices.contains(i) ? rb.sections[i].id : "" }
        runbook = RunbookInfo(title: rb.title, file: rb.file)
        phases = rb.phases.map { s in
            PhaseJSON(id: s.id, title: s.title, line: s.position.line, anchor: s.anchor?.text,
                      start: s.window?.start.nominalSeconds, end: s.window?.end.nominalSeconds,
                      parent: s.parent.flatMap { $0 == 0 ? nil : sectionID($0) }, owner: s.owner)
        }
        steps = rb.steps.map { s in
            StepJSON(id: s.id, text: s.text, line: s.position.line, column: s.position.column, section: sectionID(s.section),
                     parent: s.parent, owner: s.owner, start: s.window?.start.nominalSeconds, end: s.window?.end.nominalSeconds,
                     done: s.done, kind: s.kind.rawValue, rollback: s.rollback, commands: s.commands)
        }
        placeholders = rb.placeholders.map { p in
            PlaceholderJSON(name: p.name, lines: p.positions.map(\.line), filled: vars.map { $0.values[p.name] != nil })
        }
        possiblePlaceholders = rb.possiblePlaceholders.map {
            PossiblePlaceholderJSON(text: $0.text, style: $0.style, line: $0.position.line, column: $0.position.column)
        }
        gates = rb.gates.map {
            GateJSON(id: $0.id, title: $0.title, line: $0.position.line, roles: $0.roles, start: $0.window?.start.nominalSeconds, end: $0.window?.end.nominalSeconds)
        }
        triggers = rb.triggers.map { t in
            TriggerJSON(line: t.position.line, column: t.position.column, text: t.text, signal: t.signal, op: t.op.rawValue,
                        value: t.value, valueVariable: t.valueVariable, unit: t.unit, forSeconds: t.forSeconds,
                        forVariable: t.forVariable, activeForSeconds: t.activeForSeconds, action: t.action.rawValue,
                        bound: vars.map { $0.binding(for: t.signal) != nil }, relative: t.relative)
        }
        healthy = rb.healthy.map { h in
            HealthyJSON(line: h.position.line, column: h.position.column, text: h.text, signal: h.signal, op: h.op.rawValue,
                        value: h.value, unit: h.unit, kind: h.kind.rawValue)
        }
        commands = rb.commands.map {
            CommandJSON(line: $0.position.line, language: $0.language, code: $0.code, expected: $0.expected, step: $0.step, section: sectionID($0.section))
        }
        annotations = rb.annotations.map {
            AnnotationJSON(form: $0.form.rawValue, text: $0.text, line: $0.position.line, column: $0.position.column, step: $0.step, section: sectionID($0.section))
        }
        self.diagnostics = diagnostics.map {
            DiagnosticJSON(severity: $0.severity.rawValue, code: $0.code, line: $0.line, column: $0.column, message: $0.message, hint: $0.hint)
        }
    }

    /// Fills `startAt`/`endAt` with absolute ISO 8601 times for a launch at `t0` in `timeZone`.
    public mutating func schedule(runbook rb: Runbook, t0: Date, timeZone: TimeZone) {
        let byID = Dictionary(rb.sections.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for i in phases.indices {
            guard let window = byID[phases[i].id]?.window else { continue }
            phases[i].startAt = Schedule.iso8601(Schedule.instant(of: window.start, t0: t0, timeZone: timeZone), timeZone: timeZone)
            phases[i].endAt = Schedule.iso8601(Schedule.instant(of: window.end, t0: t0, timeZone: timeZone), timeZone: timeZone)
        }
        for i in steps.indices {
            guard rb.steps.indices.contains(i), let window = rb.steps[i].window else { continue }
            steps[i].startAt = Schedule.iso8601(Schedule.instant(of: window.start, t0: t0, timeZone: timeZone), timeZone: timeZone)
            steps[i].endAt = Schedule.iso8601(Schedule.instant(of: window.end, t0: t0, timeZone: timeZone), timeZone: timeZone)
        }
    }

    /// The report as a JSON document; absent values are explicit `null`s. `json()`
    /// (LintReport+JSONWriter.swift) writes the same document without building this tree.
    public var jsonValue: JSONValue {
        .object([
            "runbook": .object(["title": .optional(runbook.title), "file": .string(runbook.file)]),
            "phases": .array(phases.map { p in
                .object([
                    "id": .string(p.id), "title": .string(p.title), "line": .integer(p.line), "anchor": .optional(p.anchor),
                    "start": .optional(p.start), "end": .optional(p.end), "parent": .optional(p.parent), "owner": .optional(p.owner),
                    "startAt": .optional(p.startAt), "endAt": .optional(p.endAt),
                ])
            }),
            "steps": .array(steps.map { s in
                .object([
                    "id": .string(s.id), "text": .string(s.text), "line": .integer(s.line), "column": .integer(s.column),
                    "section": .string(s.section), "parent": .optional(s.parent), "owner": .optional(s.owner),
                    "start": .optional(s.start), "end": .optional(s.end), "done": .bool(s.done), "kind": .string(s.kind),
                    "rollback": .bool(s.rollback), "commands": .array(s.commands.map(JSONValue.integer)),
                    "startAt": .optional(s.startAt), "endAt": .optional(s.endAt),
                ])
            }),
            "placeholders": .array(placeholders.map { p in
                .object(["name": .string(p.name), "lines": .array(p.lines.map(JSONValue.integer)), "filled": .optional(p.filled)])
            }),
            "possiblePlaceholders": .array(possiblePlaceholders.map { p in
                .object(["text": .string(p.text), "style": .string(p.style), "line": .integer(p.line), "column": .integer(p.column)])
            }),
            "gates": .array(gates.map { g in
                .object([
                    "id": .string(g.id), "title": .string(g.title), "line": .integer(g.line), "roles": .array(g.roles.map(JSONValue.string)),
                    "start": .optional(g.start), "end": .optional(g.end),
                ])
            }),
            "triggers": .array(triggers.map { t in
                .object([
                    "line": .integer(t.line), "column": .integer(t.column), "text": .string(t.text), "signal": .string(t.signal), "op": .string(t.op),
                    "value": .optional(t.value), "valueVariable": .optional(t.valueVariable), "unit": .optional(t.unit),
                    "forSeconds": .optional(t.forSeconds), "forVariable": .optional(t.forVariable),
                    "activeForSeconds": .optional(t.activeForSeconds), "action": .string(t.action), "bound": .optional(t.bound),
                    "relative": .optional(t.relative),
                ])
            }),
            "healthy": .array(healthy.map { h in
                .object([
                    "line": .integer(h.line), "column": .integer(h.column), "text": .string(h.text), "signal": .string(h.signal),
                    "op": .string(h.op), "value": .optional(h.value), "unit": .optional(h.unit), "kind": .string(h.kind),
                ])
            }),
            "commands": .array(commands.map { c in
                .object([
                    "line": .integer(c.line), "language": .string(c.language), "code": .string(c.code), "expected": .optional(c.expected),
                    "step": .optional(c.step), "section": .string(c.section),
                ])
            }),
            "annotations": .array(annotations.map { a in
                .object([
                    "form": .string(a.form), "text": .string(a.text), "line": .integer(a.line), "column": .integer(a.column),
                    "step": .optional(a.step), "section": .string(a.section),
                ])
            }),
            "diagnostics": .array(diagnostics.map { d in
                .object([
                    "severity": .string(d.severity), "code": .string(d.code), "line": .integer(d.line), "column": .integer(d.column),
                    "message": .string(d.message), "hint": .optional(d.hint),
                ])
            }),
        ])
    }
}

/// Pretty, key-sorted JSON with `null` for absent optionals, as documented.
enum JSONOutput {
    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value), let text = String(data: data, encoding: .utf8) else { return "{}" }
        return text + "\n"
    }
}

