/// The environment a runbook command runs with: PATH, HOME, LANG and TZ, the names the vars
/// file lists under `env:`, and the command's own `LIFTOFF_VAR_*` values, never the rest of
/// Liftoff's environment (its settings and secrets: `LIFTOFF_SESSION_SECRET`, `LIFTOFF_DB`, …).
/// See docs/launches.md "The environment of commands".
public enum CommandEnvironment {
    /// Always passed when set.
    public static let essentials = ["PATH", "HOME", "LANG", "TZ"]
    /// Used when Liftoff itself has no PATH.
    public static let defaultPath = "/usr/local/bin:/usr/bin:/bin"

    /// `process`: Liftoff's own environment; `allowing`: the vars file's `env:` names. Names of
    /// Liftoff's own settings (`LIFTOFF_…`) are never passed, even when listed.
    public static func base(_ process: [String: String], allowing: [String]) -> [String: String] {
        var out: [String: String] = [:]
        for name in essentials + allowing where !isLiftoffSetting(name) {
            if let value = process[name] { out[name] = value }
        }
        if out["PATH"] == nil { out["PATH"] = defaultPath }
        return out
    }

    public static func isLiftoffSetting(_ name: String) -> Bool {
        name.uppercased().hasPrefix("LIFTOFF_")
    }
}
