import LiftoffMarkdown

/// What every step and gate of a runbook waits for, compiled once with the plan (DESIGN §1,
/// "dependency"): the `after:` the runbook writes, the order of a numbered procedure, and the
/// gates before a step's time. A step's window bounds when it may start; that is time, not an
/// edge, and `LaunchForecast` applies it. See docs/runbook-format.md, "Dependencies".
public struct DependencyGraph: Sendable {
    /// What each node waits for; nodes with nothing to wait for are absent.
    public private(set) var waitsFor: [ClockNode: [Dependency]] = [:]
    /// Every node after everything it waits for (runbook order among equals); nodes on a cycle,
    /// and those waiting for one, are left out: they can never start.
    public private(set) var order: [ClockNode] = []
    /// Each cycle once, in the order its nodes wait for each other.
    public private(set) var cycles: [[ClockNode]] = []
    /// Cycles, dangling and ambiguous names, steps that can never start (for `lint`).
    public private(set) var diagnostics: [Diagnostic] = []

    public init() {}

    public func dependencies(of node: ClockNode) -> [Dependency] { waitsFor[node] ?? [] }

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
        guard node != dependency.on, !(waitsFor[node]?.contains { $0.on == dependency.on } ?? false) else { return }
        waitsFor[node, default: []].append(dependency)
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
        let timedGates = runbook.gates.compactMap { gate in gate.window.map { (gate.id, $0.start) } }
        guard !timedGates.isEmpty else { return }
        for step in runbook.steps where !step.rollback {
            guard let window = step.window ?? runbook.sections[safe: step.section]?.window else { continue }
            // What `add` checks edge by edge, asked of a set: a step can wait on many gates.
            let node = ClockNode.step(step.id)
            var known = Set((waitsFor[node] ?? []).map(\.on))
            for (gate, start) in timedGates where start < window.start && known.insert(.gate(gate)).inserted {
                waitsFor[node, default: []].append(Dependency(on: .gate(gate), reason: .gate))
            }
        }
    }

    /// Kahn's algorithm in runbook order; what is left waits, directly or not, on a cycle.
    private mutating func sort(_ nodes: [ClockNode]) {
        var waiting: [ClockNode: Int] = [:]
        var dependents: [ClockNode: [ClockNode]] = [:]
        let known = Set(nodes)
        for node in nodes {
            let deps = dependencies(of: node).filter { known.contains($0.on) }
            waiting[node] = deps.count
            for dep in deps { dependents[dep.on, default: []].append(node) }
        }
        let rank = Dictionary(nodes.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
        var ready = nodes.filter { waiting[$0] == 0 }
        var next = 0
        while next < ready.count {
            let node = ready[next]
            next += 1
            order.append(node)
            var freed: [ClockNode] = []
            for dependent in dependents[node] ?? [] {
                waiting[dependent, default: 0] -= 1
                if waiting[dependent] == 0 { freed.append(dependent) }
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
