import Foundation

/// Where the repository, its examples and `../shared` (seeds and corpus) are.
public enum Repository {
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared` beside the repository, or `LIFTOFF_SHARED`.
    public static var shared: URL {
        if let path = ProcessInfo.processInfo.environment["LIFTOFF_SHARED"] { return URL(fileURLWithPath: path) }
        return root.deletingLastPathComponent().appendingPathComponent("shared")
    }

    /// Paths of `examples/NAME/runbook.md` and its `vars.yaml`.
    public static func example(_ name: String) -> (runbook: String, vars: String) {
        let dir = root.appendingPathComponent("examples/\(name)")
        return (dir.appendingPathComponent("runbook.md").path, dir.appendingPathComponent("vars.yaml").path)
    }

    public static func temporaryDirectory(_ prefix: String = "liftoff-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
