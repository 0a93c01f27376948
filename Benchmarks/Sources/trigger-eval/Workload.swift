import Foundation

/// The same N rules written three ways: as series an exporter serves, as liftoff triggers in a
/// runbook and as Prometheus alerting rules. Rule i watches series i alone
/// (`bench_gauge_MMM{shard='S'}`, ten shards per metric), whose value stays below the
/// threshold: the steady state of a healthy launch, so neither side writes or fires anything.
struct Workload {
    let count: Int
    static let threshold = 0.5
    static let shards = 10

    var metrics: Int { (count + Self.shards - 1) / Self.shards }
    private var width: Int { String(max(metrics - 1, 0)).count }
    private var nameWidth: Int { max(String(count).count, 3) }

    func metric(_ i: Int) -> String {
        let m = String(i / Self.shards)
        return "bench_gauge_" + String(repeating: "0", count: width - m.count) + m
    }

    func name(_ i: Int) -> String {
        let n = String(i + 1)
        return "t" + String(repeating: "0", count: nameWidth - n.count) + n
    }

    /// PromQL with single-quoted label values, so it fits in a double-quoted trigger signal.
    func query(_ i: Int) -> String { "\(metric(i)){shard='\(i % Self.shards)'}" }

    /// Deterministic values in [0, 0.49], all below the threshold.
    func value(_ i: Int) -> Double { Double(i % 50) / 100 }

    /// The exporter's /metrics page.
    func exposition() -> String {
        var text = ""
        for i in 0..<count {
            if i % Self.shards == 0 { text += "# TYPE \(metric(i)) gauge\n" }
            text += "\(metric(i)){shard=\"\(i % Self.shards)\"} \(value(i))\n"
        }
        return text
    }

    /// A runbook whose T-0 phase carries every trigger (`every` defaults to 15 s).
    func runbook() -> String {
        var text = "# Trigger evaluation benchmark\n\n## T-0: Watch\n\n- [ ] Watch \(count) signals\n\n"
        for i in 0..<count {
            text += "<!-- liftoff: trigger \(name(i)): \"\(query(i))\" > \(Self.threshold) for 1m then alert -->\n"
        }
        return text
    }

    /// The same rules for Prometheus: one group evaluated every `every` seconds.
    func alertingRules(every: Int) -> String {
        var text = "groups:\n  - name: triggers\n    interval: \(every)s\n    rules:\n"
        for i in 0..<count {
            text += "      - alert: \(name(i))\n        expr: \"\(query(i)) > \(Self.threshold)\"\n        for: 1m\n"
        }
        return text
    }

    /// A Prometheus configuration scraping the exporter, with `rules` when given.
    static func prometheusConfig(exporterPort: Int, every: Int, rules: String?) -> String {
        var text = """
        global:
          scrape_interval: \(every)s
          evaluation_interval: \(every)s
        scrape_configs:
          - job_name: bench
            static_configs:
              - targets: ["127.0.0.1:\(exporterPort)"]

        """
        if let rules { text += "rule_files:\n  - \"\(rules)\"\n" }
        return text
    }
}
