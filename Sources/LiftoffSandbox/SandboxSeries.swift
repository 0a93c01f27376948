import Foundation

/// One time series sample as the sandbox exports it: a metric name, its labels, a value.
public struct SandboxSample: Sendable, Hashable {
    public var name: String
    public var labels: [String: String]
    public var value: Double

    public init(_ name: String, _ labels: [String: String], _ value: Double) {
        self.name = name
        self.labels = labels
        self.value = value
    }
}

extension SandboxTraffic {
    /// Every series of one environment at `seconds` since the sandbox started: what its
    /// `/metrics` shows and what the sandbox's query endpoint computes from.
    public func samples(of name: String, at seconds: Double) -> [SandboxSample] {
        guard let env = environment(name) else { return [] }
        let base = ["service": "acme-api", "env": env.name]
        func with(_ extra: [String: String]) -> [String: String] { base.merging(extra) { $1 } }
        var out: [SandboxSample] = []
        for code in ["200", "500"] {
            out.append(SandboxSample("http_requests_total", with(["code": code]), env.requests[code] ?? 0))
        }
        for (i, bound) in Self.buckets.enumerated() {
            out.append(SandboxSample("http_request_duration_seconds_bucket", with(["le": Self.label(bound)]), env.bucketCounts[i]))
        }
        out.append(SandboxSample("http_request_duration_seconds_bucket", with(["le": "+Inf"]), env.bucketCounts[Self.buckets.count]))
        out.append(SandboxSample("http_request_duration_seconds_sum", base, env.latencySum))
        out.append(SandboxSample("http_request_duration_seconds_count", base, env.bucketCounts[Self.buckets.count]))
        // Resource gauges drift slowly; the serving environment works harder.
        let share = Double(name == "green" ? greenWeight : 100 - greenWeight) / 100
        let phase = name == "green" ? 1.3 : 0
        out.append(SandboxSample("acme_cpu_utilization_ratio", base, 0.18 + 0.32 * share + 0.03 * sin(seconds / 17 + phase)))
        out.append(SandboxSample("acme_memory_utilization_ratio", base, 0.52 + 0.04 * sin(seconds / 31 + phase)))
        out.append(SandboxSample("acme_disk_utilization_ratio", base, 0.41 + 0.01 * sin(seconds / 97 + phase)))
        out.append(SandboxSample("acme_db_connections_active", base, (40 + 50 * share + 5 * sin(seconds / 11 + phase)).rounded()))
        out.append(SandboxSample("acme_worker_queue_depth", ["service": "acme-worker", "env": env.name], (35 + 12 * sin(seconds / 13 + phase)).rounded()))
        out.append(SandboxSample("acme_build_info", with(["sha": env.sha]), 1))
        return out
    }

    /// Both environments' series.
    public func samples(at seconds: Double) -> [SandboxSample] {
        environments.flatMap { samples(of: $0.name, at: seconds) }
    }

    static func label(_ bound: Double) -> String {
        bound == bound.rounded() ? String(Int(bound)) : String(bound)
    }
}

/// The Prometheus text exposition format (version 0.0.4) of some samples.
public enum SandboxExposition {
    static let help: [String: (type: String, help: String)] = [
        "http_requests_total": ("counter", "Requests served, by status code (synthetic sandbox traffic)."),
        "http_request_duration_seconds": ("histogram", "Request latency (synthetic sandbox traffic)."),
        "acme_cpu_utilization_ratio": ("gauge", "CPU used, as a share of the limit (simulated)."),
        "acme_memory_utilization_ratio": ("gauge", "Memory used, as a share of the limit (simulated)."),
        "acme_disk_utilization_ratio": ("gauge", "Disk used, as a share of its size (simulated)."),
        "acme_db_connections_active": ("gauge", "Open database connections (simulated)."),
        "acme_worker_queue_depth": ("gauge", "Background jobs waiting (simulated)."),
        "acme_build_info": ("gauge", "The release this environment runs."),
    ]

    public static func text(_ samples: [SandboxSample]) -> String {
        var out = ""
        var described = Set<String>()
        for sample in samples {
            let family = ["_bucket", "_sum", "_count"].reduce(sample.name) { name, suffix in
                name.hasSuffix(suffix) && help[String(name.dropLast(suffix.count))] != nil ? String(name.dropLast(suffix.count)) : name
            }
            if described.insert(family).inserted, let info = help[family] {
                out += "# HELP \(family) \(info.help)\n# TYPE \(family) \(info.type)\n"
            }
            let labels = sample.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\(escape($0.value))\"" }.joined(separator: ",")
            out += "\(sample.name){\(labels)} \(number(sample.value))\n"
        }
        return out
    }

    static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }

    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
