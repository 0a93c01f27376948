import Foundation
import LiftoffTestSupport
import Testing
@testable import LiftoffKit

/// The graph keeps a step's gates implicit (docs/runbook-format.md, "Dependencies"). Here every
/// gate edge is written out, as the rule says, and sorted by plain Kahn's algorithm: what each
/// node waits for, the order and the cycles must be the same on every runbook we have.
@Suite struct DependencyGraphEquivalenceTests {
    /// Gates in runbook order and out of time order, an `after:` a gate, a cycle, a procedure.
    static let synthetic = """
    # Synthetic

    ## T-2h: Prep

    - [ ] Alpha
    - [ ] Beta <!-- liftoff: after=Gamma -->

    ## T-30m: Go/No-Go

    Required approvals from:

    - Engineering Lead

    ## T-90m: Early Go/No-Go

    Required approvals from:

    - Product Owner

    ## T-1h: Middle

    - [ ] Gamma <!-- liftoff: after=Beta -->
    - [ ] Delta
    - [ ] Iota <!-- liftoff: after=Gamma -->

    ## T-10m: Late

    - [ ] Epsilon <!-- liftoff: after="Go/No-Go" -->
    - [ ] Zeta <!-- liftoff: after=Delta -->

    ## H+0:00: Launch

    1. Eta
    2. Theta

    ## Rollback Procedure

    1. Revert
    """

    /// What the rule says, edge by edge: written dependencies, then each timed gate before the
    /// step's time, in runbook order, each once.
    static func writtenOut(_ graph: DependencyGraph, _ runbook: Runbook) -> [ClockNode: [Dependency]] {
        var all: [ClockNode: [Dependency]] = [:]
        for node in nodes(runbook) { all[node] = graph.writtenDependencies(of: node) }
        let timed = runbook.gates.compactMap { gate in gate.window.map { (gate.id, $0.start) } }
        for step in runbook.steps where !step.rollback {
            guard let window = step.window ?? runbook.sections[safe: step.section]?.window else { continue }
            let node = ClockNode.step(step.id)
            for (gate, start) in timed where start < window.start && !(all[node] ?? []).contains(where: { $0.on == .gate(gate) }) {
                all[node, default: []].append(Dependency(on: .gate(gate), reason: .gate))
            }
        }
        return all
    }

    static func nodes(_ runbook: Runbook) -> [ClockNode] {
        runbook.steps.map { ClockNode.step($0.id) } + runbook.gates.map { ClockNode.gate($0.id) }
    }

    static func kahn(_ nodes: [ClockNode], _ waitsFor: [ClockNode: [Dependency]]) -> [ClockNode] {
        let known = Set(nodes)
        var waiting: [ClockNode: Int] = [:]
        var dependents: [ClockNode: [ClockNode]] = [:]
        for node in nodes {
            let deps = (waitsFor[node] ?? []).filter { known.contains($0.on) }
            waiting[node] = deps.count
            for dep in deps { dependents[dep.on, default: []].append(node) }
        }
        let rank = Dictionary(nodes.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
        var ready = nodes.filter { waiting[$0] == 0 }
        var order: [ClockNode] = []
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
        return order
    }

    static func runbooks() throws -> [(String, String)] {
        var out: [(String, String)] = [("synthetic", synthetic), ("clock fixture", ClockFixture.runbook)]
        let fm = FileManager.default
        for folder in ["corpus", "seeds"] {
            let dir = Repository.shared.appendingPathComponent(folder)
            for name in try fm.contentsOfDirectory(atPath: dir.path).sorted() where name.hasSuffix(".md") {
                out.append((name, try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)))
            }
        }
        for name in ["go-live", "acme-blue-green", "feature-launch", "checks"] {
            out.append((name, try String(contentsOfFile: Repository.example(name).runbook, encoding: .utf8)))
        }
        return out
    }

    @Test func theSyntheticRunbookHasWhatItIsFor() {
        let runbook = RunbookExtractor.extract(Self.synthetic, file: "s.md")
        let graph = DependencyGraph.of(runbook)
        #expect(runbook.gates.filter { $0.window != nil }.count >= 2, "\(runbook.gates.map(\.title))")
        #expect(graph.cycles.count == 1)
        #expect(graph.order.count < Self.nodes(runbook).count)
    }

    @Test func theGraphIsTheOneWithEveryGateEdgeWrittenOut() throws {
        let all = try Self.runbooks()
        #expect(all.count > 30, "the corpus, the seeds and the examples are beside the repository")
        for (name, markdown) in all {
            let runbook = RunbookExtractor.extract(markdown, file: name)
            let graph = DependencyGraph.of(runbook)
            let edges = Self.writtenOut(graph, runbook)
            for node in Self.nodes(runbook) {
                #expect(graph.dependencies(of: node) == (edges[node] ?? []), "\(name): \(node)")
            }
            #expect(graph.order == Self.kahn(Self.nodes(runbook), edges), "\(name)")
        }
    }
}
