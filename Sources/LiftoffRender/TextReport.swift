import LiftoffKit

/// Human-readable lint output: one diagnostic per line with `file:line:col`, then a summary.
public enum TextReport {
    public static func diagnostics(_ diagnostics: [Diagnostic], file: String) -> String {
        diagnostics.map { $0.rendered(file: file) }.joined(separator: "\n") + (diagnostics.isEmpty ? "" : "\n")
    }

    public static func summary(_ runbook: Runbook, diagnostics: [Diagnostic]) -> String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        let infos = diagnostics.filter { $0.severity == .info }.count
        let title = runbook.title ?? runbook.file
        return "\(title): \(runbook.phases.count) phases, \(runbook.steps.count) steps, \(runbook.gates.count) gates, \(runbook.triggers.count) trigger candidates, \(runbook.commands.count) commands, \(runbook.placeholders.count) variables — \(errors) errors, \(warnings) warnings, \(infos) notes"
    }
}
