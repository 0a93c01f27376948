import Foundation
import Testing
@testable import LiftoffKit

/// What steps wait for: `after:` as written, numbered procedures in order, gates before a step's time.
@Suite struct DependencyGraphTests {
    static func graph(_ markdown: String) -> (DependencyGraph, Runbook) {
        let runbook = RunbookExtractor.extract(markdown, file: "r.md")
        return (DependencyGraph.of(runbook), runbook)
    }

    static func waits(_ graph: DependencyGraph, _ runbook: Runbook, _ words: String) -> [String] {
        guard let step = runbook.steps.first(where: { $0.text.hasPrefix(words) }) else { return ["missing step \(words)"] }
        return graph.dependencies(of: .step(step.id)).map { dependency in
            switch dependency.on {
            case .step(let id): "\(dependency.reason.rawValue): \(runbook.step(id)?.text ?? id)"
            case .gate(let id): "\(dependency.reason.rawValue): gate \(id)"
            }
        }
    }

    @Test func explicitProcedureAndGateDependencies() throws {
        let (graph, runbook) = Self.graph(ClockFixture.runbook)
        #expect(graph.diagnostics.isEmpty, "\(graph.diagnostics)")
        #expect(Self.waits(graph, runbook, "Freeze merges").isEmpty)
        #expect(Self.waits(graph, runbook, "Back up") == ["procedure: Freeze merges (~10 min)"])
        #expect(Self.waits(graph, runbook, "Announce") == ["procedure: Back up the database (~20 min)"])
        #expect(Self.waits(graph, runbook, "Deploy the release") == ["gate: gate t-30m-go-no-go"])
        #expect(Self.waits(graph, runbook, "Run smoke tests") == ["explicit: Deploy the release (~15 min)", "gate: gate t-30m-go-no-go"])
        #expect(Self.waits(graph, runbook, "Flip DNS") == ["explicit: Run smoke tests", "explicit: Back up the database (~20 min)", "gate: gate t-30m-go-no-go"])
        #expect(Self.waits(graph, runbook, "Revert the deploy").isEmpty, "rollback steps are never held by a gate")
        #expect(graph.cycles.isEmpty)
        #expect(graph.order.count == runbook.steps.count + runbook.gates.count)
    }

    @Test func theOrderPutsEveryNodeAfterWhatItWaitsFor() {
        let (graph, _) = Self.graph(ClockFixture.runbook)
        let position = Dictionary(graph.order.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
        for node in graph.order {
            for dependency in graph.dependencies(of: node) {
                #expect((position[dependency.on] ?? .max) < (position[node] ?? -1), "\(node) comes after \(dependency.on)")
            }
        }
    }

    @Test func aBlockUnderTheStepNamesWhatItWaitsFor() {
        let (graph, runbook) = Self.graph("""
        ## Steps

        - [ ] Build the image
        - [ ] Push the image
        - [ ] Deploy

          ```liftoff
          after: [Build the image, push]
          ```
        """)
        #expect(Self.waits(graph, runbook, "Deploy") == ["explicit: Build the image", "explicit: Push the image"])
    }

    @Test func aNumberedListWhoseTimesRunBackwardsIsNotAProcedure() {
        let (graph, runbook) = Self.graph("""
        ## Procedure

        1. Page the on-call <!-- liftoff: at=T-1h -->
        2. Book the room <!-- liftoff: at=T-1d -->
        """)
        #expect(Self.waits(graph, runbook, "Book the room").isEmpty)
    }

    @Test func aCycleIsReportedOnceAndWhatWaitsForItCanNeverStart() throws {
        let (graph, _) = Self.graph("""
        ## Steps

        - [ ] Alpha <!-- liftoff: after=Beta -->
        - [ ] Beta <!-- liftoff: after=Alpha -->
        - [ ] Gamma <!-- liftoff: after=Alpha -->
        - [ ] Delta
        """)
        #expect(graph.cycles.count == 1)
        let cycle = graph.diagnostics.filter { $0.code == "dependency-cycle" }
        #expect(cycle.count == 1)
        #expect(cycle.first?.severity == .error)
        #expect(cycle.first?.message.contains("'Alpha' → 'Beta' → 'Alpha'") == true || cycle.first?.message.contains("'Beta' → 'Alpha' → 'Beta'") == true, "\(cycle)")
        #expect(cycle.first?.line == 3)
        let never = graph.diagnostics.filter { $0.code == "never-starts" }
        #expect(never.map(\.line) == [5])
        #expect(never.first?.message.contains("'Gamma' can never start") == true)
        #expect(graph.order.map(\.id).count == 1, "only Delta can be placed")
    }

    @Test func aDanglingNameIsAnErrorAtItsPosition() throws {
        let markdown = """
        ## Steps

        - [ ] Deploy <!-- liftoff: after="warm the caches" -->
        """
        let diagnostics = Linter.lint(RunbookExtractor.extract(markdown, file: "r.md"))
        let dangling = try #require(diagnostics.first { $0.code == "unknown-dependency" })
        #expect(dangling.severity == .error)
        #expect(dangling.line == 3)
        #expect(dangling.column > 1)
        #expect(dangling.message.contains("'warm the caches'"))
        #expect(dangling.hint != nil)
        #expect(!diagnostics.contains { $0.code == "unknown-annotation-key" }, "after= and duration= are known keys")
    }

    @Test func waitingForARollbackStepOrForALaterTimeCanNeverStart() {
        let (graph, _) = Self.graph("""
        ## T-1h: Prepare

        - [ ] Warm caches <!-- liftoff: after="Revert the deploy" -->
        - [ ] Announce <!-- liftoff: after="Verify" -->

        ## T+2h: Verify

        - [ ] Verify dashboards

        ## Rollback Procedure

        1. Revert the deploy
        """)
        let never = graph.diagnostics.filter { $0.code == "never-starts" }
        #expect(never.count == 2, "\(graph.diagnostics)")
        #expect(never.first?.severity == .error)
        #expect(never.first?.message.contains("rollback step") == true)
        #expect(never.last?.severity == .warning)
        #expect(never.last?.message.contains("T+2h") == true)
    }

    @Test func anAmbiguousNameListsTheCandidates() {
        let (graph, _) = Self.graph("""
        ## Steps

        - [ ] Deploy api
        - [ ] Deploy web
        - [ ] Verify <!-- liftoff: after=deploy -->
        """)
        let ambiguous = graph.diagnostics.filter { $0.code == "ambiguous-dependency" }
        #expect(ambiguous.count == 1)
        #expect(ambiguous.first?.message.contains("Deploy api") == true)
    }
}
