import Foundation
import Yams

/// One runbook's hand-counted truth (reading-truth/FORMAT.md).
struct Truth {
    struct Anchor { var line: Int; var start: Double?; var end: Double? }
    struct Step { var line: Int; var owner: String?; var start: Double?; var end: Double? }
    struct Criterion { var line: Int; var signal: String; var op: String; var value: Double?; var relative: Bool; var forSeconds: Double?; var action: String }
    struct Healthy { var line: Int; var signal: String; var op: String; var value: Double? }
    struct Gate { var line: Int; var until: Int; var roles: [String] }

    var file: String
    var anchors: [Anchor] = []
    var steps: [Step] = []
    var criteria: [Criterion] = []
    var healthy: [Healthy] = []
    var gates: [Gate] = []
    var variables: Set<String> = []

    static func load(_ url: URL) throws -> Truth {
        let text = try String(contentsOf: url, encoding: .utf8)
        guard let root = try Yams.load(yaml: text) as? [String: Any] else {
            throw ScoreError("\(url.path): not a mapping")
        }
        var truth = Truth(file: root["file"] as? String ?? url.deletingPathExtension().lastPathComponent + ".md")
        for a in list(root["anchors"]) {
            guard let line = int(a["line"]) else { continue }
            truth.anchors.append(Anchor(line: line, start: double(a["start"]), end: double(a["end"])))
        }
        for s in list(root["steps"]) {
            guard let line = int(s["line"]) else { continue }
            truth.steps.append(Step(line: line, owner: string(s["owner"]), start: double(s["start"]), end: double(s["end"])))
        }
        for c in list(root["criteria"]) {
            guard let line = int(c["line"]) else { continue }
            truth.criteria.append(Criterion(
                line: line, signal: string(c["signal"]) ?? "", op: string(c["op"]) ?? "",
                value: double(c["value"]), relative: c["relative"] as? Bool ?? false,
                forSeconds: double(c["for"]), action: string(c["action"]) ?? "rollback"))
        }
        for h in list(root["healthy"]) {
            guard let line = int(h["line"]) else { continue }
            truth.healthy.append(Healthy(line: line, signal: string(h["signal"]) ?? "", op: string(h["op"]) ?? "", value: double(h["value"])))
        }
        for g in list(root["gates"]) {
            guard let line = int(g["line"]) else { continue }
            let roles = (g["roles"] as? [Any] ?? []).compactMap { string($0) }
            truth.gates.append(Gate(line: line, until: int(g["until"]) ?? line, roles: roles))
        }
        for v in root["variables"] as? [Any] ?? [] {
            if let name = string(v) { truth.variables.insert(name) }
        }
        return truth
    }

    private static func list(_ value: Any?) -> [[String: Any]] {
        (value as? [Any] ?? []).compactMap { $0 as? [String: Any] }
    }
}

func int(_ value: Any?) -> Int? {
    switch value {
    case let i as Int: i
    case let d as Double: Int(d)
    case let s as String: Int(s)
    default: nil
    }
}

func double(_ value: Any?) -> Double? {
    switch value {
    case let i as Int: Double(i)
    case let d as Double: d
    case let s as String: Double(s)
    default: nil
    }
}

func string(_ value: Any?) -> String? {
    switch value {
    case let s as String: s
    case let i as Int: String(i)
    case let d as Double: String(d)
    default: nil
    }
}

struct ScoreError: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}
