import Foundation

/// Runs the `liftoff` executable built next to the test bundle, as a user would.
struct LiftoffBinary {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var url: URL? {
        var candidates: [URL] = []
        if let executable = Bundle.main.executableURL { candidates.append(executable.deletingLastPathComponent()) }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        for dir in candidates {
            var d = dir
            // The products folder, or a parent of an .xctest bundle's inner folder.
            for _ in 0..<4 {
                let binary = d.appendingPathComponent("liftoff")
                if FileManager.default.isExecutableFile(atPath: binary.path) { return binary }
                d = d.deletingLastPathComponent()
            }
        }
        return nil
    }

    static func run(_ arguments: [String], cwd: URL = repositoryRoot, environment: [String: String] = [:]) throws -> Result {
        guard let url else { throw MissingBinary() }
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = cwd
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
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
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    struct MissingBinary: Error, CustomStringConvertible {
        var description: String { "the liftoff executable was not built next to the tests (run `swift build` first)" }
    }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("liftoff-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}
