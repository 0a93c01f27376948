import Foundation
import LiftoffTestSupport

/// `liftoff serve` as a child process (through `sh`, so a test can lower its descriptor limit),
/// with its log for the test to read.
final class ServeProcess: @unchecked Sendable {
    let process: OwnedProcess
    let address: String
    let port: Int

    private init(process: OwnedProcess, address: String, port: Int) {
        self.process = process
        self.address = address
        self.port = port
    }

    /// Starts a server on a free port of 127.0.0.1; nil (skipped) when the binary is not built.
    static func start(db: String, arguments: [String] = [], environment: [String: String] = [:],
                      descriptorLimit: Int? = nil) async throws -> ServeProcess? {
        guard let liftoff = ProcessRunner.liftoff else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { throw TestFailure("the liftoff binary is missing in CI") }
            print("skipped: the liftoff binary is not built")
            return nil
        }
        let logDirectory = try OwnedProcess.temporaryDirectory("liftoff-serve-log")
        func quoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        var command = descriptorLimit.map { "ulimit -n \($0) && " } ?? ""
        command += "exec env -u LIFTOFF_TOKEN " + environment.map { quoted("\($0.key)=\($0.value)") }.joined(separator: " ")
        command += " " + ([liftoff.path, "serve", "--host", "127.0.0.1", "--port", "0", "--db", db] + arguments).map(quoted).joined(separator: " ")
        let process = try OwnedProcess("/bin/sh", ["-c", command], directory: logDirectory)
        let deadline = Date().addingTimeInterval(90)
        while Date() < deadline {
            let log = process.output
            for scheme in ["http", "https"] {
                if let range = log.range(of: "listening on \(scheme)://127.0.0.1:") {
                    let digits = log[range.upperBound...].prefix { $0.isNumber }
                    if let port = Int(digits), log[range.upperBound...].dropFirst(digits.count).first == "\n" {
                        return ServeProcess(process: process, address: "\(scheme)://127.0.0.1:\(port)", port: port)
                    }
                }
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let log = process.output
        process.stop()
        throw TestFailure("liftoff serve did not start: \(log)")
    }

    var log: String { process.output }

    func stop() {
        process.stop()
    }
}
