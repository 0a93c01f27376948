import Foundation
import LiftoffMarkdown

/// A traffic shift step (DESIGN §7), declared in a `liftoff` block under a step:
///
/// ```yaml
/// shift:
///   stages: [10, 50, 100]
///   pause: 5m                  # per stage; or a list, one per stage
///   analysis: [error rate, p99 latency]   # triggers (id, name or signal) and check ids
///   command: ./scripts/set-weight.sh {{weight}}
///   idempotent: true           # optional: safe to run again after a crash
/// ```
public struct ShiftStep: Hashable, Sendable {
    /// The step the block sits under (else its section's id).
    public var step: String
    /// Traffic weights in percent, in order.
    public var stages: [Int]
    /// Seconds to pause after each stage, one per stage.
    public var pauses: [Int]
    public var analysis: [String]
    /// The command as written, with `{{weight}}` and other `{{VARS}}` still in it.
    public var command: String
    public var position: SourcePosition
    public var section: Int
    /// `idempotent: true`: setting a weight twice is harmless, so a stage interrupted by a crash
    /// is set again without asking (docs/launches.md "Interrupted commands").
    public var idempotent = false

    public init(step: String, stages: [Int], pauses: [Int], analysis: [String], command: String, position: SourcePosition, section: Int) {
        self.step = step
        self.stages = stages
        self.pauses = pauses
        self.analysis = analysis
        self.command = command
        self.position = position
        self.section = section
    }

    /// The placeholder a shift command gets per stage, not from the vars file.
    public static let weightVariable = "weight"
}

/// One recorded stage of a shift.
public struct ShiftStageRecord: Hashable, Sendable, Codable {
    public var weight: Int
    public var state: ShiftStageState
    public var at: Date
    public var reason: String?

    public init(weight: Int, state: ShiftStageState, at: Date, reason: String?) {
        self.weight = weight
        self.state = state
        self.at = at
        self.reason = reason
    }
}

/// Shift steps of a runbook, and the blocks that cannot be read.
public struct RunbookShifts: Sendable {
    public var shifts: [ShiftStep] = []
    public var errors: [ShiftSyntaxError] = []
}

/// A shift block that cannot be read: where, what, and a hint.
public struct ShiftSyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var position: SourcePosition
    public var message: String
    public var hint: String?

    public var description: String {
        "\(file):\(position.line):\(position.column): error: \(message)" + (hint.map { "\n  hint: \($0)" } ?? "")
    }

    public var diagnostic: Diagnostic { Diagnostic(.error, "invalid-shift", message, hint: hint, at: position) }
}

extension Runbook {
    /// Reads `shift:` keys of `liftoff` blocks and the front matter.
    public func shiftSteps(vars: LaunchVariables? = nil) -> RunbookShifts {
        var result = RunbookShifts()
        for annotation in annotations where annotation.form != .comment {
            guard let node = annotation.document.root, let shift = node.mapping?["shift"] else { continue }
            func at(_ n: AnnotationNode) -> SourcePosition { absolute(n.mark?.line ?? 1, n.mark?.column ?? 1, in: annotation) }
            func fail(_ n: AnnotationNode, _ message: String, _ hint: String) {
                result.errors.append(ShiftSyntaxError(file: file, position: at(n), message: message, hint: hint))
            }
            guard let fields = shift.mapping else {
                fail(shift, "'shift' must be a mapping with stages, pause, analysis and command", "shift:\n  stages: [10, 50, 100]\n  pause: 5m\n  command: ./set-weight.sh {{weight}}")
                continue
            }
            for (key, _) in fields where !["stages", "pause", "analysis", "command", "idempotent"].contains(key.string ?? "") {
                fail(key, "unknown field '\(key.string ?? "?")' in a shift", "a shift has stages, pause, analysis, command and idempotent")
            }
            guard let stagesNode = fields["stages"], let list = stagesNode.sequence, !list.isEmpty else {
                fail(fields["stages"] ?? shift, "a shift needs a list of stages", "stages: [10, 50, 100] (traffic weights in percent)")
                continue
            }
            var stages: [Int] = []
            var bad = false
            for item in list {
                let text = (item.string ?? "").replacingOccurrences(of: "%", with: "").trimmingCharacters(in: .whitespaces)
                guard let weight = Int(text), (0...100).contains(weight) else {
                    fail(item, "a stage is a weight from 0 to 100, not '\(item.string ?? "?")'", "stages: [10, 50, 100]")
                    bad = true
                    break
                }
                stages.append(weight)
            }
            if bad { continue }
            var pauses = Array(repeating: 0, count: stages.count)
            if let pause = fields["pause"] {
                let texts = pause.sequence?.map { $0.string ?? "" } ?? [pause.string ?? ""]
                let parsed = texts.map { $0 == "0" ? 0 : DurationParser.parse($0) }
                if let i = parsed.firstIndex(where: { $0 == nil }) {
                    fail(pause.sequence?[i] ?? pause, "expected a duration for the pause, found '\(texts[i])'", "pause: 5m, or one per stage: [5m, 10m, 0]")
                    continue
                }
                let seconds = parsed.compactMap { $0 }
                if pause.sequence == nil, let one = seconds.first {
                    pauses = Array(repeating: one, count: stages.count)
                } else if seconds.count == stages.count {
                    pauses = seconds
                } else {
                    fail(pause, "\(seconds.count) pauses for \(stages.count) stages", "give one pause, or one per stage")
                    continue
                }
            }
            var analysis: [String] = []
            if let a = fields["analysis"] {
                analysis = a.sequence?.compactMap(\.string) ?? a.string.map { [$0] } ?? []
            }
            guard let command = fields["command"]?.string, !command.trimmingCharacters(in: .whitespaces).isEmpty else {
                fail(fields["command"] ?? shift, "a shift needs a command that sets the weight", "command: ./scripts/set-weight.sh {{weight}}")
                continue
            }
            let owner = annotation.step ?? (sections.indices.contains(annotation.section) ? sections[annotation.section].id : "runbook")
            var step = ShiftStep(step: owner, stages: stages, pauses: pauses, analysis: analysis, command: command, position: at(shift), section: annotation.section)
            step.idempotent = fields["idempotent"]?.bool == true
            result.shifts.append(step)
        }
        return result
    }
}
