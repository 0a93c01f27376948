import Foundation

public struct ProcessOutput: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// Runs a program to completion and collects its output, as a user's shell would.
public enum ProcessRunner {
    /// The same as `run`, waiting on a thread of its own: an async test whose server lives in
    /// this process must not block one of the few cooperative threads (two on a 2-core machine)
    /// while the child talks to that server.
    public static func runOffPool(_ executable: URL, _ arguments: [String], cwd: URL? = nil, environment: [String: String] = [:], removing: [String] = []) async throws -> ProcessOutput {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ProcessOutput, any Error>) in
            let thread = Thread {
                continuation.resume(with: Result { try run(executable, arguments, cwd: cwd, environment: environment, removing: removing) })
            }
            thread.start()
        }
    }

    /// `removing` drops variables from the inherited environment (e.g. `LIFTOFF_TOKEN`).
    public static func run(_ executable: URL, _ arguments: [String], cwd: URL? = nil, environment: [String: String] = [:], removing: [String] = []) throws -> ProcessOutput {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let cwd { process.currentDirectoryURL = cwd }
        var env = ProcessInfo.processInfo.environment
        for name in removing { env[name] = nil }
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes before waiting so a large output cannot block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ProcessOutput(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    /// The `liftoff` executable in the build products folder next to the test bundle.
    public static var liftoff: URL? { builtExecutable("liftoff") }

    /// A test-only executable built beside `liftoff` (never shipped): `liftoff-append-loop`.
    public static func builtExecutable(_ name: String) -> URL? {
        var candidates: [URL] = []
        if let exe = Bundle.main.executableURL { candidates.append(exe.deletingLastPathComponent()) }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            candidates.append(bundle.bundleURL.deletingLastPathComponent())
        }
        for dir in candidates {
            var url = dir
            for _ in 0..<4 {
                let binary = url.appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: binary.path) { return binary }
                url = url.deletingLastPathComponent()
            }
        }
        return nil
    }
}
