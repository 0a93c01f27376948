import Foundation
import LiftoffKit
import LiftoffSandbox
import LiftoffStore
import LiftoffTestSupport
import Testing

/// The seed examples rehearsed against the sandbox as a newcomer runs them (`liftoff demo
/// --runbook examples/X/runbook.md --exit`): the launch's own record must tell the same story as
/// the Acme demo, from the runbook's own checks, gates, shift step, rollback trigger and procedure.
// One demo at a time: each is a whole launch with its own server, sandbox and watcher.
@Suite(.serialized) struct ExampleDemoTests {
    @Test(.timeLimit(.minutes(5)), arguments: ["go-live", "feature-launch"])
    func theExampleRollsBackOnTheErrorSpikeAndVerifies(_ example: String) async throws {
        guard let binary = ProcessRunner.liftoff else {
            if Tools.inCI { Issue.record("the built liftoff binary is missing in CI") }
            print("skipped: the built liftoff binary is missing (swift build first)")
            return
        }
        let directory = try Repository.temporaryDirectory("liftoff-example-\(example)")
        let db = directory.appendingPathComponent("demo.db").path
        let log = directory.appendingPathComponent("demo.log")
        let status = try await DemoProcess.run(binary, ["demo", "--runbook", "examples/\(example)/runbook.md", "--port", "0", "--db", db,
                                                        "--speed", "40", "--exit", "--timeout", "240"],
                                               cwd: Repository.root, log: log, seconds: 270)
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(status == 0, "\(output)")

        let events = try await DemoStory.events(of: db)
        let story = DemoStory(events)
        #expect(EventChain.verify(events) == nil, "the chain verifies")

        // Checks: the runbook's own, all passing against the sandbox (gate evidence and steps).
        #expect(story.checks.count >= 4, "checks ran: \(story.checks.map(\.check))")
        // Until the error spike (injected after the second stage starts) every check passes; a
        // step check the watcher re-runs during the spike may rightly fail.
        let spike = story.index(of: "shift.stage") { (try? $0.decode(ShiftStage.self)).map { $0.state == .started && $0.weight >= 50 } ?? false } ?? Int.max
        let beforeSpike = story.events.filter { $0.type == "check.ran" && $0.seq < spike }.compactMap { try? $0.decode(CheckRan.self) }
        #expect(!beforeSpike.isEmpty && beforeSpike.allSatisfy { $0.result == .pass }, "\(beforeSpike.filter { $0.result != .pass })")
        #expect(story.checks.contains { $0.step != nil }, "step checks ran (run by the cast as evidence)")

        // Gates: every gate of the runbook decided GO by the cast's votes.
        let state = try LaunchState.fold(events)
        #expect(!state.runbook.gates.isEmpty)
        for gate in state.runbook.gates {
            #expect(state.gates[gate.id]?.decision == .go, "gate \(gate.id): \(String(describing: state.gates[gate.id]?.decision))")
            for check in state.gateChecks[gate.id] ?? [] {
                #expect(state.gates[gate.id]?.checks[check]?.result == .pass, "gate \(gate.id) evidence \(check)")
            }
        }
        let votes = events.filter { $0.type == "gate.voted" }.compactMap { try? $0.decode(GateVoted.self) }
        #expect(votes.count >= state.runbook.gates.map(\.roles.count).reduce(0, +), "votes: \(votes)")

        // The shift on the runbook's own rollout step: 10 then 50.
        let shift = try #require(state.shiftSteps.first, "the runbook has a shift step")
        #expect(state.runbook.step(shift.step) != nil, "the shift belongs to a step of the runbook: \(shift.step)")
        let stages = story.shiftStages
        #expect(stages.prefix(3).map { "\($0.weight) \($0.state.rawValue)" } == ["10 started", "10 passed", "50 started"], "shift 10 then 50: \(stages)")

        // The runbook's prose criterion, written out: pending, then firing, then the rollback.
        let changes = story.triggerChanges(of: "rollback-on-errors").map(\.state)
        #expect(changes.prefix(2) == [.pending, .firing], "the trigger went pending, then firing: \(changes)")
        let requested = try #require(story.events.first { $0.type == "rollback.requested" })
        #expect((try? requested.decode(RollbackRequested.self))?.trigger == "rollback-on-errors")

        // The procedure: its commands (the `run:` blocks) succeed, its manual steps are marked.
        let actions = story.rollbackActions
        #expect(actions.count >= 2 && actions.allSatisfy(\.succeeded), "rollback actions ok: \(actions)")
        #expect(actions.contains { $0.command.contains("liftoff sandbox weight 0") }, "traffic back to blue: \(actions.map(\.command))")
        #expect(actions.contains { $0.command.contains("--expect-serving blue") }, "blue serves: \(actions.map(\.command))")
        let procedure = state.rollbackProcedure.items
        #expect(procedure.contains { $0.isManual }, "the procedure has manual steps")
        for item in procedure where item.isManual {
            #expect(state.progress(of: item.step).state == .done, "manual rollback step \(item.step) marked")
        }
        let ended = try #require(story.events.last { $0.type == "launch.ended" })
        #expect((try? ended.decode(LaunchEnded.self))?.outcome == .rolledBack)

        let order = story.milestones(trigger: "rollback-on-errors")
        #expect(order == order.sorted() && order.count == 6, "in order: \(order)")
        #expect(output.contains("verify: hash chain intact"))
    }

    /// Every signal an example's vars file binds is a query the sandbox answers with a number
    /// (alert bindings, `alert severity=…`, are label matchers for Alertmanager's alerts, not queries).
    @Test(arguments: ["acme-blue-green", "go-live", "feature-launch"])
    func everySignalOfTheExampleVarsIsAnsweredByTheSandbox(_ example: String) throws {
        let text = try String(contentsOf: Repository.root.appendingPathComponent("examples/\(example)/vars.yaml"), encoding: .utf8)
        let vars = try LaunchVariables.parse(text, file: "vars.yaml")
        #expect(!vars.signals.isEmpty)
        var traffic = SandboxTraffic(blueSHA: "a", greenSHA: "b", requestsPerSecond: 1000, seed: 7)
        traffic.greenWeight = 50
        var history: [(seconds: Double, samples: [SandboxSample])] = [(0, traffic.samples(at: 0))]
        for t in 1...12 {
            traffic.advance(by: 1)
            history.append((Double(t), traffic.samples(at: Double(t))))
        }
        for (name, query) in vars.signals.sorted(by: { $0.key < $1.key }) where !query.hasPrefix("alert ") {
            let series = try SandboxQuery(query).evaluate(history: history)
            #expect(series.count == 1 && series.allSatisfy { $0.value.isFinite }, "\(example) '\(name)': \(query) → \(series)")
        }
    }
}
