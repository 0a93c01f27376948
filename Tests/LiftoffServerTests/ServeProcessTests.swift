import AsyncHTTPClient
import Foundation
import LiftoffTestSupport
import NIOCore
import Testing

/// `liftoff serve` as a user runs it: a real process, a real port, SIGTERM.
@Suite struct ServeProcessTests {
    @Test func sigtermShutsDownGracefully() async throws {
        guard let liftoff = ProcessRunner.liftoff else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { Issue.record("the liftoff binary is missing in CI") }
            else { print("skipped: the liftoff binary is not built") }
            return
        }
        let directory = try Repository.temporaryDirectory("liftoff-serve")
        defer { try? FileManager.default.removeItem(at: directory) }
        let process = Process()
        process.executableURL = liftoff
        process.arguments = ["serve", "--port", "0", "--db", "sqlite:" + directory.appendingPathComponent("l.db").path]
        var environment = ProcessInfo.processInfo.environment
        environment["LIFTOFF_TOKEN"] = nil
        process.environment = environment
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        let (lines, linesContinuation) = AsyncStream<String>.makeStream()
        stderr.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                linesContinuation.finish()
            } else {
                linesContinuation.yield(String(decoding: data, as: UTF8.self))
            }
        }
        let (exited, exitContinuation) = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { exitContinuation.yield($0.terminationStatus); exitContinuation.finish() }
        try process.run()
        var output = ""
        var address: String?
        for await chunk in lines {
            output += chunk
            if let range = output.range(of: "listening on http://") {
                let rest = output[range.upperBound...]
                if let end = rest.firstIndex(of: "\n") { address = "http://" + rest[..<end]; break }
            }
        }
        guard let address else {
            process.terminate()
            Issue.record("no address in: \(output)")
            return
        }
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: address + "/healthz"), timeout: .seconds(30))
        #expect(response.status.code == 200)
        let body = try await response.body.collect(upTo: 1 << 16)
        #expect(String(buffer: body).contains("\"status\":\"ok\""))
        kill(process.processIdentifier, SIGTERM)
        var status: Int32 = -1
        for await code in exited { status = code }
        #expect(status == 0, "exit status after SIGTERM; stderr: \(output)")
        #expect(process.terminationReason == .exit)
    }
}
