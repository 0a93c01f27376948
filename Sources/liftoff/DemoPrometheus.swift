import AsyncHTTPClient
import Foundation

/// A real Prometheus for `liftoff demo --prometheus`: scrapes the sandbox every second, listens
/// on a free 127.0.0.1 port, keeps its data in the demo's directory, stops with the demo.
final class DemoPrometheus: @unchecked Sendable {
    private let directory: URL
    private let lock = NSLock()
    private var process: Process?

    init(directory: URL) { self.directory = directory }

    static func binary() -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin"]
        return paths.map { "\($0)/prometheus" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    func start(_ binary: String, scraping targets: [String]) async throws -> String {
        let port = try LocalPorts.free()
        let hosts = targets.map { $0.replacingOccurrences(of: "http://", with: "") }
        let config = """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: liftoff-sandbox
            static_configs:
              - targets: [\(hosts.map { "'\($0)'" }.joined(separator: ", "))]
        """
        let configURL = directory.appendingPathComponent("prometheus.yml")
        try config.write(to: configURL, atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = ["--config.file=\(configURL.path)", "--web.listen-address=127.0.0.1:\(port)",
                       "--storage.tsdb.path=\(directory.appendingPathComponent("prometheus-data").path)"]
        let log = directory.appendingPathComponent("prometheus.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        p.standardOutput = FileHandle.nullDevice
        p.standardError = try FileHandle(forWritingTo: log)
        try p.run()
        lock.withLock { process = p }
        let url = "http://127.0.0.1:\(port)"
        // Ready, and with at least one scrape of each environment.
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let body = try? await Self.get(url + "/api/v1/query?query=count(up%3D%3D1)"), body.contains("\"value\":[") , body.contains("\"\(targets.count)\"") {
                return url
            }
            guard p.isRunning else { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        stop()
        throw CLIError(message: "Prometheus did not come up on \(url); its log: \(log.path)", code: 3)
    }

    func stop() {
        lock.withLock {
            if let p = process, p.isRunning { p.terminate() }
            process = nil
        }
    }

    static func get(_ url: String) async throws -> String {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(2))
        let body = try await response.body.collect(upTo: 1 << 20)
        return String(buffer: body)
    }
}
