import BenchSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One Prometheus server of the run, on a free port with its own TSDB directory.
struct PrometheusInstance: Sendable {
    let label: String
    let process: Spawned
    let url: String
    let log: String

    static func start(_ binary: String, label: String, config: String, dir: URL) throws -> PrometheusInstance {
        let port = freePort()
        let data = dir.appendingPathComponent("\(label)-data").path
        let log = dir.appendingPathComponent("\(label).log").path
        let process = try Spawned.start(binary, ["--config.file=\(config)", "--storage.tsdb.path=\(data)",
                                                 "--web.listen-address=127.0.0.1:\(port)", "--log.level=warn"], stdout: log)
        return PrometheusInstance(label: label, process: process, url: "http://127.0.0.1:\(port)", log: log)
    }

    /// Its own /metrics page.
    func metrics() async -> String? { await HTTP.get("\(url)/metrics") }

    /// The number of series an instant query returns a value for in `count(...)`.
    func count(_ selector: String) async -> Int? {
        let query = "count(\(selector))".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        guard let body = await HTTP.get("\(url)/api/v1/query?query=\(query)"),
              let json = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any],
              let data = json["data"] as? [String: Any], let result = data["result"] as? [[String: Any]],
              let value = result.first?["value"] as? [Any], let text = value.last as? String else { return nil }
        return Double(text).map { Int($0) }
    }

    /// Waits until it has scraped all `expected` series (or `timeout` seconds pass).
    func waitForSeries(_ selector: String, expected: Int, timeout: Double) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if !process.isRunning() { return false }
            if await count(selector) == expected { return true }
            try? await Task.sleep(for: .milliseconds(500))
        }
        return false
    }

    func logTail() -> String {
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(10).joined(separator: "\n")
    }
}

enum HTTP {
    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 5
        return URLSession(configuration: configuration)
    }()

    static func get(_ address: String) async -> String? {
        guard let url = URL(string: address), let (data, response) = try? await session.data(from: url),
              (response as? HTTPURLResponse)?.statusCode == 200 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
