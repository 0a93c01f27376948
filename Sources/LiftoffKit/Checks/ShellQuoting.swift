/// Quoting a literal as one shell word, for text Liftoff itself writes into a script (a
/// working directory). Runbook values never go through here: they reach commands through the
/// environment (`ShellTemplate`).
public enum ShellQuoting {
    public static func quote(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
