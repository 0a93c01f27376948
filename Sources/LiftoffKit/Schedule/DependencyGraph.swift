import LiftoffMarkdown

/// What every step and gate of a runbook waits for, compiled once with the plan (DESIGN §1,
/// "dependency"): the `after:` the runbook writes, the order of a numbered procedure, and the
/// gates before a step's time. A step's window bounds when it may start; that is time, not an
/// edge, and `LaunchForecast` applies it. See docs/runbook-format.md, "Dependencies".
///
/// A step's gates are not stored as edges: every step after a gate waits for it, so a runbook
/// with thousands of steps and hundreds of gates would hold millions of them. The graph keeps the
/// timed gates once and the time of each step they hold, and `dependencies(of:)` lists them.
public struct DependencyGraph: Sendable {
    /// What each node waits for by `after:` and procedure order; nodes without such are absent.
    private var written: [ClockNode: [Dependency]] = [:]
    /// Timed gates in runbook order, with the time each begins.
    private var timedGates: [TimedGate] = []
    /// The start of each step that gates hold (not a rollback step, and it has a time).
    private var heldAt: [String: TimeOffset] = [:]
    /// Every node after everything it waits for (runbook order among equals); nodes on a cycle,
    /// and those waiting for one, are left out: they can never start.
    public private(set) var order: [ClockNode] = []
    /// Each cycle once, in the order its nodes wait for each other.
    public private(set) var cycles: [[ClockNode]] = []
    /// Cycles, dangling and ambiguous names, steps that can never start (for `lint`).
    public private(set) var diagnostics: [Diagnostic] = []

    public init() {}

    private struct TimedGate: Sendable {
        var id: String
        var start: TimeOffset
    }

    /// What `node` waits for: its `after:` and procedure order as written, then every gate whose
    /// time comes before its own, in runbook order.
    public func dependencies(of node: ClockNode) -> [Dependency] {
        let own = written[node] ?? []
        guard case .step(let id) = node, let start = heldAt[id] else { return own }
        var all = own
        for gate in timedGates where gate.start < start && !own.contains(where: { $0.on == .gate(gate.id) }) {
            all.append(Dependency(on: .gate(gate.id), reason: .gate))
        }
        return all
    }

    /// What `node` waits for by `after:` and procedure order only.
    func writtenDependencies(of node: ClockNode) -> [Dependency] { written[node] ?? [] }

    public static func of(_ runbook: Runbook) -> DependencyGraph {
        var graph = DependencyGraph()
        let explicit = DependencyReader.read(runbook)
        graph.diagnostics = explicit.diagnostics
        var positions: [ClockNode: [ClockNode: SourcePosition]] = [:]
        for (step, edges) in explicit.edges {
            for edge in edges {
                graph.add(.step(step), Dependency(on: edge.on, reason: .explicit))
                positions[.step(step), default: [:]][edge.on] = edge.position
            }
        }
        graph.addProcedureOrder(runbook)
        graph.addGates(runbook)
        let nodes = runbook.steps.map { ClockNode.step($0.id) } + runbook.gates.map { ClockNode.gate($0.id) }
        graph.sort(nodes)
        graph.diagnostics += DependencyFindings.findings(graph, runbook: runbook, positions: positions)
        return graph
    }

    private mutating func add(_ node: ClockNode, _ dependency: Dependency) {
        guard node != dependency.on, !(written[node]?.contains { $0.on == dependency.on } ?? false) else { return }
        written[node, default: []].append(dependency)
    }

    /// The items of a numbered list run in order: each waits for the one before it (same section,
    /// same parent step). Items whose own times say otherwise (a later item due earlier) are a
    /// list of things, not a procedure, and stay unordered.
    private mutating func addProcedureOrder(_ runbook: Runbook) {
        var previous: [String: Step] = [:]
        for step in runbook.steps where step.kind == .numbered {
            let key = "\(step.section)/\(step.parent ?? "")"
            defer { previous[key] = step }
            guard let before = previous[key] else { continue }
            if let a = before.window?.start, let b = step.window?.start, b < a { continue }
            add(.step(step.id), Dependency(on: .step(before.id), reason: .procedure))
        }
    }

    /// A step waits for every gate whose time comes before its own, as `LaunchDecider` refuses
    /// to mark it while such a gate is open (rollback steps are never held by a gate).
    private mutating func addGates(_ runbook: Runbook) {
        timedGates = runbook.gates.compactMap { gate in gate.window.map { TimedGate(id: gate.id, start: $0.start) } }
        guard let earliest = timedGates.map(\.start).min() else { return }
        for step in runbook.steps where !step.rollback {
            guard let window = step.window ?? runbook.sections[safe: step.section]?.window, earliest < window.start else { continue }
            heldAt[step.id] = window.start
        }
    }

    /// Kahn's algorithm in runbook order; what is left waits, directly or not, on a cycle.
    ///
    /// A step's gates are one wait, over once every gate before its time is placed: the gates
    /// sorted by time, a step waits for a prefix of them, and the placed prefix only grows.
    private mutating func sort(_ nodes: [ClockNode]) {
        var waiting: [ClockNode: Int] = [:]
        var dependents: [ClockNode: [ClockNode]] = [:]
        let known = Set(nodes)
        let gatesByTime = timedGates.enumerated().filter { known.contains(.gate($0.element.id)) }
            .sorted { ($0.element.start, $0.offset) < ($1.element.start, $1.offset) }.map(\.element)
        let timeRank = Dictionary(gatesByTime.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { a, _ in a })
        /// Steps by how many of `gatesByTime` they wait for.
        var heldUntil: [Int: [ClockNode]] = [:]
        for node in nodes {
            var prefix = 0
            if case .step(let id) = node, let start = heldAt[id] {
                prefix = gatesByTime.partitionPoint { $0.start >= start }
            }
            // An `after:` a gate already among those before the step's time counts once.
            let deps = writtenDependencies(of: node).filter { dependency in
                guard known.contains(dependency.on) else { return false }
                guard case .gate(let gate) = dependency.on, let r = timeRank[gate] else { return true }
                return r >= prefix
            }
            waiting[node] = deps.count + (prefix > 0 ? 1 : 0)
            for dep in deps { dependents[dep.on, default: []].append(node) }
            if prefix > 0 { heldUntil[prefix, default: []].append(node) }
        }
        let rank = Dictionary(nodes.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
        var gatePlaced = [Bool](repeating: false, count: gatesByTime.count)
        var placedPrefix = 0
        var ready = nodes.filter { waiting[$0] == 0 }
        var next = 0
        while next < ready.count {
            let node = ready[next]
            next += 1
            order.append(node)
            var freed: [ClockNode] = []
            func release(_ dependent: ClockNode) {
                waiting[dependent, default: 0] -= 1
                if waiting[dependent] == 0 { freed.append(dependent) }
            }
            for dependent in dependents[node] ?? [] { release(dependent) }
            if case .gate(let gate) = node, let r = timeRank[gate] {
                gatePlaced[r] = true
                while placedPrefix < gatePlaced.count, gatePlaced[placedPrefix] {
                    placedPrefix += 1
                    for dependent in heldUntil[placedPrefix] ?? [] { release(dependent) }
                }
            }
            ready += freed.sorted { (rank[$0] ?? 0) < (rank[$1] ?? 0) }
        }
        let placed = Set(order)
        let left = nodes.filter { !placed.contains($0) }
        cycles = Self.cycles(in: left, graph: self)
    }

    /// Every node left after sorting has a predecessor that is also left, so walking back from
    /// one always closes a loop; nodes that only lead into a loop already found are not cycles.
    private static func cycles(in left: [ClockNode], graph: DependencyGraph) -> [[ClockNode]] {
        let remaining = Set(left)
        var onCycle = Set<ClockNode>()
        var seen = Set<ClockNode>()
        var found: [[ClockNode]] = []
        for start in left where !seen.contains(start) {
            var path: [ClockNode] = []
            var index: [ClockNode: Int] = [:]
            var node = start
            while !seen.contains(node), index[node] == nil {
                index[node] = path.count
                path.append(node)
                guard let back = graph.dependencies(of: node).first(where: { remaining.contains($0.on) })?.on else { break }
                node = back
            }
            if let loopStart = index[node], !onCycle.contains(node) {
                // The walk went backwards (each node to what it waits for): reverse it to read in order.
                let loop = Array(path[loopStart...].reversed())
                onCycle.formUnion(loop)
                found.append(loop)
            }
            seen.formUnion(path)
        }
        return found
    }
}
