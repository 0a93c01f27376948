import Foundation

/// Counts for one runbook; totals add them up (micro-averages).
struct Score {
    var stepsTruth = 0, stepsRead = 0, stepsMatched = 0
    var anchors = 0, anchorsRight = 0
    var dueTimes = 0, dueTimesRight = 0
    var owners = 0, ownersRight = 0, falseOwners = 0
    var criteria = 0, criteriaFound = 0, criteriaRight = 0, spuriousTriggers = 0
    var healthyFiring = 0
    var gates = 0, gatesFound = 0, roles = 0, rolesFound = 0
    var falseVariables = 0
    var crashed = false
    var misses: [String] = []

    static func + (a: Score, b: Score) -> Score {
        var s = Score()
        s.stepsTruth = a.stepsTruth + b.stepsTruth; s.stepsRead = a.stepsRead + b.stepsRead; s.stepsMatched = a.stepsMatched + b.stepsMatched
        s.anchors = a.anchors + b.anchors; s.anchorsRight = a.anchorsRight + b.anchorsRight
        s.dueTimes = a.dueTimes + b.dueTimes; s.dueTimesRight = a.dueTimesRight + b.dueTimesRight
        s.owners = a.owners + b.owners; s.ownersRight = a.ownersRight + b.ownersRight; s.falseOwners = a.falseOwners + b.falseOwners
        s.criteria = a.criteria + b.criteria; s.criteriaFound = a.criteriaFound + b.criteriaFound
        s.criteriaRight = a.criteriaRight + b.criteriaRight; s.spuriousTriggers = a.spuriousTriggers + b.spuriousTriggers
        s.healthyFiring = a.healthyFiring + b.healthyFiring
        s.gates = a.gates + b.gates; s.gatesFound = a.gatesFound + b.gatesFound; s.roles = a.roles + b.roles; s.rolesFound = a.rolesFound + b.rolesFound
        s.falseVariables = a.falseVariables + b.falseVariables
        s.crashed = a.crashed || b.crashed
        return s
    }
}

/// Compares a reading with the truth, line by line.
enum Scorer {
    static let timeTolerance = 60.0

    static func score(truth: Truth, reading: Reading) -> Score {
        var s = Score()
        let readSteps = Dictionary(reading.steps.map { ($0.line, $0) }, uniquingKeysWith: { a, _ in a })
        let truthLines = Set(truth.steps.map(\.line))
        s.stepsTruth = truthLines.count
        s.stepsRead = Set(reading.steps.map(\.line)).count
        for step in truth.steps {
            guard let read = readSteps[step.line] else { s.misses.append("step missed: line \(step.line)"); continue }
            s.stepsMatched += 1
            if step.start != nil || step.end != nil || read.start != nil {
                s.dueTimes += 1
                if sameTime(step.start, read.start), sameTime(step.end ?? step.start, read.end ?? read.start) {
                    s.dueTimesRight += 1
                } else {
                    s.misses.append("due line \(step.line): truth \(show(step.start))…\(show(step.end)), read \(show(read.start))…\(show(read.end))")
                }
            }
            if let owner = step.owner {
                s.owners += 1
                if let got = read.owner, sameOwner(owner, got) { s.ownersRight += 1 } else {
                    s.misses.append("owner line \(step.line): truth \(owner), read \(read.owner ?? "none")")
                }
            } else if let got = read.owner {
                s.falseOwners += 1
                s.misses.append("false owner line \(step.line): \(got)")
            }
        }
        for line in Set(reading.steps.map(\.line)).subtracting(truthLines).sorted() {
            s.misses.append("extra step: line \(line)")
        }

        for anchor in truth.anchors {
            s.anchors += 1
            let candidates = reading.phases.filter { $0.line == anchor.line }.map { ($0.start, $0.end) }
                + reading.steps.filter { $0.line == anchor.line }.map { ($0.start, $0.end) }
            if candidates.contains(where: { sameTime(anchor.start, $0.0) && sameTime(anchor.end ?? anchor.start, $0.1 ?? $0.0) }) {
                s.anchorsRight += 1
            } else {
                s.misses.append("anchor line \(anchor.line): truth \(show(anchor.start))…\(show(anchor.end)), read \(candidates.map { "\(show($0.0))…\(show($0.1))" })")
            }
        }

        var usedTriggers = Set<Int>()
        for criterion in truth.criteria {
            s.criteria += 1
            let onLine = reading.triggers.indices.filter { reading.triggers[$0].line == criterion.line && !usedTriggers.contains($0) }
            guard !onLine.isEmpty else { s.misses.append("criterion missed: line \(criterion.line) \(criterion.signal) \(criterion.op) \(show(criterion.value))"); continue }
            s.criteriaFound += 1
            let best = onLine.first { fullyRight(criterion, reading.triggers[$0]) } ?? onLine.first { sameSignal(criterion.signal, reading.triggers[$0].signal) } ?? onLine[0]
            usedTriggers.insert(best)
            if fullyRight(criterion, reading.triggers[best]) { s.criteriaRight += 1 } else {
                let t = reading.triggers[best]
                s.misses.append("criterion line \(criterion.line): truth \(criterion.signal) \(criterion.op) \(show(criterion.value)) for \(show(criterion.forSeconds)) \(criterion.action); read \(t.signal) \(t.op) \(show(t.value)) for \(show(t.forSeconds)) \(t.action)")
            }
        }
        for (i, trigger) in reading.triggers.enumerated() where !usedTriggers.contains(i) {
            if let healthy = truth.healthy.first(where: { $0.line == trigger.line }), firesWhenHealthy(trigger, healthy) {
                s.healthyFiring += 1
                s.misses.append("FIRES WHEN HEALTHY line \(trigger.line): \(trigger.signal) \(trigger.op) \(show(trigger.value)) (healthy: \(healthy.signal) \(healthy.op) \(show(healthy.value)))")
            } else {
                s.spuriousTriggers += 1
                s.misses.append("spurious trigger line \(trigger.line): \(trigger.signal) \(trigger.op) \(show(trigger.value)) \(trigger.action)")
            }
        }

        for gate in truth.gates {
            s.gates += 1
            s.roles += gate.roles.count
            guard let read = reading.gates.first(where: { $0.line >= gate.line && $0.line <= gate.until }) else {
                s.misses.append("gate missed: line \(gate.line)")
                continue
            }
            s.gatesFound += 1
            let found = gate.roles.filter { role in read.roles.contains { sameOwner(role, $0) } }
            s.rolesFound += found.count
            if found.count < gate.roles.count {
                s.misses.append("gate line \(gate.line) roles: truth \(gate.roles), read \(read.roles)")
            }
        }

        let falseVariables = reading.variables.subtracting(truth.variables)
        s.falseVariables = falseVariables.count
        if !falseVariables.isEmpty { s.misses.append("false variables: \(falseVariables.sorted())") }
        return s
    }

    static func fullyRight(_ c: Truth.Criterion, _ t: Reading.Trigger) -> Bool {
        guard sameSignal(c.signal, t.signal), c.op == t.op, sameAction(c.action, t.action) else { return false }
        if c.relative { return t.value == nil }
        guard sameValue(c.value, t.value) else { return false }
        return sameValue(c.forSeconds, t.forSeconds)
    }

    /// A trigger fires on the healthy side when its condition points the same way as the
    /// statement of health at the same line (a `< 400ms` target read as `< 400ms` firing).
    static func firesWhenHealthy(_ t: Reading.Trigger, _ h: Truth.Healthy) -> Bool {
        let below: Set<String> = ["<", "<="], above: Set<String> = [">", ">="]
        if below.contains(h.op) { return below.contains(t.op) || t.op == "==" }
        if above.contains(h.op) { return above.contains(t.op) || t.op == "==" }
        return h.op == t.op
    }

    static func sameAction(_ truth: String, _ read: String) -> Bool {
        truth == read
    }

    static func sameValue(_ a: Double?, _ b: Double?) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case let (x?, y?): abs(x - y) <= max(1e-9, abs(x) * 1e-6)
        default: false
        }
    }

    static func sameTime(_ a: Double?, _ b: Double?) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case let (x?, y?): abs(x - y) <= timeTolerance
        default: false
        }
    }

    static func words(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }

    /// Signal names as people vary them: "p99 latency" ≈ "p99", "5xx rate" ≈ "5xx error rate".
    static func sameSignal(_ a: String, _ b: String) -> Bool {
        let x = Set(words(a)), y = Set(words(b))
        guard !x.isEmpty, !y.isEmpty else { return false }
        if x.isSubset(of: y) || y.isSubset(of: x) { return true }
        return Double(x.intersection(y).count) / Double(x.union(y).count) >= 0.5
    }

    static func sameOwner(_ a: String, _ b: String) -> Bool {
        let x = words(a).joined(separator: " "), y = words(b).joined(separator: " ")
        guard !x.isEmpty, !y.isEmpty else { return false }
        return x == y || x.contains(y) || y.contains(x)
    }

    static func show(_ v: Double?) -> String {
        guard let v else { return "–" }
        return v == v.rounded() ? String(Int(v)) : String(v)
    }
}
