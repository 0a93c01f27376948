import Foundation
import LiftoffMarkdown
import Yams

/// Where a launch's freeze windows are written — `freeze:` in the vars file and in the runbook's
/// front matter (one text or a list) — and what `lint` and `plan` say about them.
public enum FreezeWindows {
    public struct Written: Hashable, Sendable {
        public var text: String
        /// In the runbook (front matter); nil for the vars file.
        public var position: SourcePosition?
    }

    public static func texts(variables: LaunchVariables?, runbook: Runbook) -> [Written] {
        (variables?.freeze ?? []).map { Written(text: $0, position: nil) } + frontMatter(runbook)
    }

    /// `freeze:` of the front matter; the front matter starts on line 2 (after its `---`).
    static func frontMatter(_ runbook: Runbook) -> [Written] {
        guard let yaml = runbook.frontMatter, yaml.utf8Contains("freeze"),
              let node = try? Yams.compose(yaml: yaml), let freeze = node.mapping?["freeze"] else { return [] }
        let items = freeze.sequence.map(Array.init) ?? [freeze]
        return items.compactMap { item in
            guard let text = item.string else { return nil }
            return Written(text: text, position: SourcePosition(line: (item.mark?.line ?? 1) + 1, column: item.mark?.column ?? 1))
        }
    }

    /// Unreadable freezes in the front matter (the vars file's are refused when it is read).
    public static func diagnostics(_ runbook: Runbook) -> [Diagnostic] {
        frontMatter(runbook).compactMap { written -> Diagnostic? in
            do throws(FreezeWindow.ParseError) {
                _ = try FreezeWindow.parse(written.text, timeZone: TimeZone(identifier: "UTC") ?? .current)
                return nil
            } catch {
                return Diagnostic(.error, "invalid-freeze", error.message, hint: error.hint, at: written.position ?? SourcePosition(line: 1, column: 1))
            }
        }
    }

    /// The launch itself inside a freeze: T-0, or the window of a traffic shift step. An error
    /// for `plan`, and for `lint` when the runbook states its launch date.
    public static func conflicts(_ runbook: Runbook, vars: LaunchVariables?, t0: Date, timeZone: TimeZone) -> [Diagnostic] {
        let freezes = texts(variables: vars, runbook: runbook).compactMap { written in
            (try? FreezeWindow.parse(written.text, timeZone: timeZone)).map { (written, $0) }
        }
        guard !freezes.isEmpty else { return [] }
        var out: [Diagnostic] = []
        let at = Plan.local(t0, timeZone, withDate: true)
        for (written, freeze) in freezes where freeze.contains(t0) {
            out.append(Diagnostic(.error, "launch-in-freeze", "the launch (T-0 \(at)) falls inside the freeze \(freeze.text)",
                                  hint: "move T-0 out of the freeze, or lift the freeze for this launch", at: written.position ?? SourcePosition(line: 1, column: 1)))
        }
        for shift in runbook.shiftSteps(vars: vars).shifts {
            guard let step = runbook.step(shift.step), let w = step.window ?? runbook.sections[safe: step.section]?.window else { continue }
            let start = Schedule.instant(of: w.start, t0: t0, timeZone: timeZone)
            let end = max(start, Schedule.instant(of: w.end, t0: t0, timeZone: timeZone))
            for (_, freeze) in freezes where freeze.overlaps(start, end) && !freeze.contains(t0) {
                out.append(Diagnostic(.error, "launch-in-freeze", "traffic shift '\(step.text)' (\(Plan.offsetText(w.start)), \(Plan.local(start, timeZone, withDate: true))) falls inside the freeze \(freeze.text)",
                                      hint: "move T-0 so the shift happens outside the freeze", at: step.position))
            }
        }
        return out
    }
}
