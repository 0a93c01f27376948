import Foundation

/// What `liftoff lint FILE --format json` read from one runbook (docs/json.md).
struct Reading {
    struct Phase { var line: Int; var start: Double?; var end: Double? }
    struct Step { var line: Int; var owner: String?; var start: Double?; var end: Double? }
    struct Trigger { var line: Int; var signal: String; var op: String; var value: Double?; var forSeconds: Double?; var action: String; var text: String }
    struct Gate { var line: Int; var roles: [String] }

    var phases: [Phase] = []
    var steps: [Step] = []
    var triggers: [Trigger] = []
    var gates: [Gate] = []
    var variables: Set<String> = []

    init(json data: Data) throws {
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ScoreError("lint JSON is not an object")
        }
        func list(_ key: String) -> [[String: Any]] { (root[key] as? [Any] ?? []).compactMap { $0 as? [String: Any] } }
        for p in list("phases") {
            guard let line = int(p["line"]) else { continue }
            phases.append(Phase(line: line, start: double(p["start"]), end: double(p["end"])))
        }
        for s in list("steps") {
            guard let line = int(s["line"]) else { continue }
            steps.append(Step(line: line, owner: string(s["owner"]), start: double(s["start"]), end: double(s["end"])))
        }
        for t in list("triggers") {
            guard let line = int(t["line"]) else { continue }
            triggers.append(Trigger(
                line: line, signal: string(t["signal"]) ?? "", op: string(t["op"]) ?? "",
                value: double(t["value"]), forSeconds: double(t["forSeconds"]),
                action: string(t["action"]) ?? "", text: string(t["text"]) ?? ""))
        }
        for g in list("gates") {
            guard let line = int(g["line"]) else { continue }
            gates.append(Gate(line: line, roles: (g["roles"] as? [Any] ?? []).compactMap { string($0) }))
        }
        for p in list("placeholders") {
            if let name = string(p["name"]) { variables.insert(name) }
        }
    }
}
