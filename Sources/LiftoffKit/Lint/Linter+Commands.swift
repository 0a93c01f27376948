import LiftoffMarkdown

/// Commands Liftoff runs by itself (rollback steps, shift stages) whose `{{VARS}}` sit where
/// the shell could read a value as code: an error, since such a command is refused when it
/// would run. Checks' commands (and `# Expected:` fences) are reported by the check parser.
/// See docs/checks.md "Variables in commands".
extension Linter {
    static func unsafeCommands(_ runbook: Runbook, _ vars: LaunchVariables?) -> [Diagnostic] {
        var out: [Diagnostic] = []
        func report(_ command: String, at position: SourcePosition, bodyStartsBelow: Bool, what: String) {
            for problem in ShellTemplate(command).problems {
                let line = position.line + problem.line + (bodyStartsBelow ? 1 : 0)
                let column = bodyStartsBelow || problem.line > 0 ? problem.column : position.column + problem.column - 1
                out.append(Diagnostic(.error, "unsafe-placeholder", "\(what): \(problem.message)", hint: problem.hint, at: SourcePosition(line: line, column: column)))
            }
        }
        for step in runbook.steps where step.rollback {
            if RollbackProcedure.runCommands(of: step, in: runbook) != nil { continue }
            for index in step.commands where runbook.commands.indices.contains(index) && runbook.commands[index].expected == nil {
                let command = runbook.commands[index]
                report(command.code, at: command.position, bodyStartsBelow: true, what: "rollback command")
            }
        }
        var seen = Set<String>()
        for item in RollbackProcedure.of(runbook).items {
            for command in item.commands where !seen.contains(command) {
                seen.insert(command)
                // Commands from a `liftoff` block: their place is the step's (or the block's).
                let fenced = runbook.commands.contains { $0.code.trimmingCharacters(in: .whitespacesAndNewlines) == command }
                guard !fenced else { continue }
                let position = runbook.step(item.step)?.position ?? runbook.annotations.first { $0.form != .comment && $0.text.contains(command) }?.position ?? SourcePosition(line: 1, column: 1)
                report(command, at: position, bodyStartsBelow: false, what: "rollback command")
            }
        }
        for shift in runbook.shiftSteps(vars: vars).shifts {
            report(shift.command, at: shift.position, bodyStartsBelow: false, what: "shift command")
        }
        return out
    }
}
