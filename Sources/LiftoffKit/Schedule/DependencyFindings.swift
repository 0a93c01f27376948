import LiftoffMarkdown

/// What `lint` says about a runbook's order (see `DependencyGraph`): cycles, and steps that can
/// never start — they wait for a cycle, for a rollback step (which runs only in a rollback), or
/// for something that cannot begin before their own time is over.
enum DependencyFindings {
    static func findings(_ graph: DependencyGraph, runbook: Runbook, positions: [ClockNode: [ClockNode: SourcePosition]]) -> [Diagnostic] {
        var out: [Diagnostic] = []
        // Indices, not copies: a step is a large value, and a big runbook has tens of thousands.
        let stepIndex = Dictionary(runbook.steps.indices.map { (runbook.steps[$0].id, $0) }, uniquingKeysWith: { a, _ in a })
        let gateIndex = Dictionary(runbook.gates.indices.map { (runbook.gates[$0].id, $0) }, uniquingKeysWith: { a, _ in a })
        let steps = IndexedLookup(items: runbook.steps, index: stepIndex)
        let gates = IndexedLookup(items: runbook.gates, index: gateIndex)
        func name(_ node: ClockNode) -> String {
            switch node {
            case .step(let id): "'\(steps[id]?.text ?? id)'"
            case .gate(let id): "gate '\(gates[id]?.title ?? id)'"
            }
        }
        func position(_ node: ClockNode) -> SourcePosition {
            switch node {
            case .step(let id): steps[id]?.position ?? SourcePosition(line: 1, column: 1)
            case .gate(let id): gates[id]?.position ?? SourcePosition(line: 1, column: 1)
            }
        }
        func window(_ node: ClockNode) -> TimeWindow? {
            switch node {
            case .step(let id): steps[id].flatMap { $0.window ?? runbook.sections[safe: $0.section]?.window }
            case .gate(let id): gates[id]?.window
            }
        }

        var onCycle = Set<ClockNode>()
        for cycle in graph.cycles {
            onCycle.formUnion(cycle)
            guard let first = cycle.min(by: { (position($0).line, position($0).column) < (position($1).line, position($1).column) }) else { continue }
            let loop = (cycle + [cycle[0]]).map(name).joined(separator: " → ")
            let at = positions[first]?.values.first ?? position(first)
            out.append(Diagnostic(.error, "dependency-cycle", "these wait for each other, so none can ever start: \(loop)",
                                  hint: "remove one `after:` of the cycle", at: at))
        }
        let placed = Set(graph.order)
        for step in runbook.steps where !placed.contains(.step(step.id)) && !onCycle.contains(.step(step.id)) {
            let blocker = graph.dependencies(of: .step(step.id)).first { !placed.contains($0.on) }?.on
            out.append(Diagnostic(.error, "never-starts", "'\(step.text)' can never start: it waits for \(blocker.map(name) ?? "a cycle"), which is on a dependency cycle",
                                  hint: "break the cycle it waits for", at: step.position))
        }
        for step in runbook.steps where !step.rollback {
            for dependency in graph.writtenDependencies(of: .step(step.id)) where dependency.reason == .explicit {
                let at = positions[.step(step.id)]?[dependency.on] ?? step.position
                if case .step(let id) = dependency.on, let other = steps[id], other.rollback {
                    out.append(Diagnostic(.error, "never-starts", "'\(step.text)' can never start: it waits for \(name(dependency.on)), a rollback step that runs only when the launch is rolled back",
                                          hint: "wait for a checklist step instead", at: at))
                } else if let mine = window(.step(step.id)), let theirs = window(dependency.on), theirs.start > mine.end {
                    out.append(Diagnostic(.warning, "never-starts", "'\(step.text)' is due by \(Plan.offsetText(mine.end)) but waits for \(name(dependency.on)), which does not begin before \(Plan.offsetText(theirs.start))",
                                          hint: "move one of the two times, or drop the `after:`", at: at))
                }
            }
        }
        return out
    }

    /// `items[id]` by an index of ids, as a dictionary of the items would answer.
    private struct IndexedLookup<Item> {
        let items: [Item]
        let index: [String: Int]
        subscript(id: String) -> Item? { index[id].map { items[$0] } }
    }
}
