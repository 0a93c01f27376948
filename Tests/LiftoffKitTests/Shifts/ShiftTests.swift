import Foundation
@testable import LiftoffKit
import LiftoffKitFixtures
import LiftoffMarkdown
import Testing

@Suite struct ShiftTests {
    let t0 = LiveFixture.t0

    static func runbook(_ block: String) -> Runbook {
        RunbookExtractor.extract("# R\n\n## T-0: Deploy\n\n- [ ] Shift traffic\n\n  ```liftoff\n\(block.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))\n  ```\n", file: "r.md")
    }

    @Test func readsStagesPausesAnalysisAndCommand() throws {
        let shifts = Self.runbook("shift:\n  stages: [10, 50%, 100]\n  pause: [5m, 10 minutes, 0]\n  analysis: [error rate, smoke]\n  command: ./w.sh {{weight}}").shiftSteps()
        #expect(shifts.errors.isEmpty)
        let shift = try #require(shifts.shifts.first)
        #expect(shift.stages == [10, 50, 100])
        #expect(shift.pauses == [300, 600, 0])
        #expect(shift.analysis == ["error rate", "smoke"])
        #expect(shift.command == "./w.sh {{weight}}")
        #expect(shift.step.hasSuffix("shift-traffic"))
    }

    @Test(arguments: [
        ("shift: 10", 8, "must be a mapping"),
        ("shift:\n  pause: 5m\n  command: x", 8, "needs a list of stages"),
        ("shift:\n  stages: [10, 150]\n  command: x", 9, "a stage is a weight from 0 to 100, not '150'"),
        ("shift:\n  stages: [10, 50]\n  pause: soon\n  command: x", 9, "expected a duration for the pause, found 'soon'"),
        ("shift:\n  stages: [10, 50]\n  pause: [1m, 2m, 3m]\n  command: x", 9, "3 pauses for 2 stages"),
        ("shift:\n  stages: [10]", 8, "needs a command"),
        ("shift:\n  stages: [10]\n  command: x\n  weight: 3", 9, "unknown field 'weight'"),
    ] as [(String, Int, String)])
    func badShiftBlocksArePointedAt(block: String, line: Int, message: String) throws {
        let runbook = Self.runbook(block)
        let errors = runbook.shiftSteps().errors
        let error = try #require(errors.first)
        #expect(error.message.contains(message))
        #expect(error.position.line >= line)
        #expect(error.hint != nil)
        #expect(Linter.lint(runbook).contains { $0.code == "invalid-shift" })
    }

    /// Values that would be code if pasted into a shell reach the command as data, through
    /// its environment; the text that runs holds references only.
    @Test(arguments: ["it's", "$(touch /tmp/liftoff-pwned)", "`id`", "a\"b", "back\\slash", "new\nline", "", "*", "; echo pwned", "'", "''", "$HOME", "-n", "%s"])
    func preparedValuesReachTheCommandUnchanged(value: String) throws {
        let shift = ShiftStep(step: "s", stages: [10], pauses: [0], analysis: [], command: "printf '%s|' {{weight}} {{X}} \"{{X}}\" '{{X}}'", position: SourcePosition(line: 1, column: 1), section: 0)
        let prepared = PreparedCommand(shift.command, variables: LaunchVariables(values: ["X": value]), extra: ["weight": "10"], environment: ["PATH": "/usr/bin:/bin"])
        #expect(!prepared.runnable.contains(value) || value.isEmpty || value == "'" || value == "''" || value == "*" || value == "%s")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", prepared.runnable]
        process.environment = prepared.environment
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(String(decoding: output, as: UTF8.self) == "10|\(value)|\(value)|\(value)|")
    }

    @Test func stagesRunInOrderAndPassAfterTheirPause() throws {
        var f = LiveFixture(now: t0.addingTimeInterval(-60))
        var state = try f.state
        let shift = try #require(state.shiftSteps.first)
        let prepared = PreparedCommand(shift.command, variables: state.created.launchVariables, extra: ["weight": "10"], environment: [:])
        #expect(prepared.runnable == #"./scripts/set-weight.sh "${LIFTOFF_VAR_weight}" "${LIFTOFF_VAR_POOL}""#)
        #expect(prepared.environment["LIFTOFF_VAR_weight"] == "10")
        #expect(prepared.environment["LIFTOFF_VAR_POOL"] == "blue pool; rm -rf /")
        #expect(LiveRules.nextShiftAction(state, shift, now: f.now) == .idle, "not before its step is due")
        f.now = t0
        #expect(LiveRules.nextShiftAction(state, shift, now: f.now) == .start(stage: 0, weight: 10))
        f.append(EventDraft(actor: "system", ShiftStage(step: shift.step, weight: 10, state: .started, reason: nil)))
        state = try f.state
        #expect(LiveRules.nextShiftAction(state, shift, now: t0.addingTimeInterval(100)) == .wait(stage: 0, weight: 10, until: t0.addingTimeInterval(300)))
        #expect(LiveRules.nextShiftAction(state, shift, now: t0.addingTimeInterval(300)) == .pass(stage: 0, weight: 10))
        f.now = t0.addingTimeInterval(300)
        f.append(EventDraft(actor: "system", ShiftStage(step: shift.step, weight: 10, state: .passed, reason: nil)))
        #expect(LiveRules.nextShiftAction(try f.state, shift, now: f.now) == .start(stage: 1, weight: 50))
        for (i, weight) in [(1, 50), (2, 100)] {
            f.append(EventDraft(actor: "system", ShiftStage(step: shift.step, weight: weight, state: .started, reason: nil)))
            f.now = f.now.addingTimeInterval(300)
            #expect(LiveRules.nextShiftAction(try f.state, shift, now: f.now) == .pass(stage: i, weight: weight))
            f.append(EventDraft(actor: "system", ShiftStage(step: shift.step, weight: weight, state: .passed, reason: nil)))
        }
        #expect(LiveRules.nextShiftAction(try f.state, shift, now: f.now) == .finished)
        #expect(try f.state.activity.last?.summary == "traffic shift at 100%: passed")
    }

    @Test func aFiringTriggerInTheAnalysisAbortsAndRequestsARollback() throws {
        var f = LiveFixture(policy: .auto)
        let shift = try #require(try f.state.shiftSteps.first)
        f.append(EventDraft(actor: "system", ShiftStage(step: shift.step, weight: 10, state: .started, reason: nil)))
        try f.evaluate("error-rate", .scalar(0.0))
        f.now = t0.addingTimeInterval(120)
        try f.evaluate("error-rate", .scalar(0.031))
        #expect(LiveRules.nextShiftAction(try f.state, shift, now: f.now) == .wait(stage: 0, weight: 10, until: t0.addingTimeInterval(300)))
        f.now = t0.addingTimeInterval(180)
        let before = try f.state
        let rule = try #require(before.triggerRule("error-rate"))
        let outcome = TriggerEvaluator.evaluate(rule, state: before.trigger(rule.id), observation: .scalar(0.031), now: f.now)
        // The watcher drives the shift with the state after the evaluation, before the trigger's own reaction.
        f.append(outcome.changes.map { EventDraft(actor: "system", $0) })
        let state = try f.state
        guard case .abort(0, 10, let reason) = LiveRules.nextShiftAction(state, shift, now: f.now) else {
            Issue.record("expected an abort")
            return
        }
        #expect(reason == "error rate 3.1% > 1% (trigger error rate firing)")
        f.append(LiveRules.shiftAbort(state, shift, weight: 10, reason: reason))
        #expect(f.events.suffix(3).map(\.type) == ["shift.stage", "rollback.requested", "rollback.confirmed"])
        #expect(try f.events.suffix(2).first!.decode(RollbackRequested.self).reason == "traffic shift aborted at 10%: error rate 3.1% > 1% (trigger error rate firing)")
        #expect(LiveRules.nextShiftAction(try f.state, shift, now: f.now) == .finished)
        #expect(LiveRules.afterEvaluation(try f.state, rule: rule, outcome: outcome, now: f.now).count == 1, "no second rollback request")
    }

    /// A rollback requested for another reason (a person, a trigger outside the analysis) ends the
    /// stage under way: recorded as aborted, without a second rollback request.
    @Test func aRollbackRequestedDuringAStageAbortsTheShift() throws {
        var f = LiveFixture(policy: .manual)
        let shift = try #require(try f.state.shiftSteps.first)
        f.now = t0
        f.append(EventDraft(actor: "system", ShiftStage(step: shift.step, weight: 10, state: .started, reason: nil)))
        f.now = t0.addingTimeInterval(60)
        f.append(LiveRules.rollbackDrafts(try f.state, reason: "customers report errors", trigger: nil, value: nil, by: "lee"))
        let state = try f.state
        #expect(LiveRules.nextShiftAction(state, shift, now: f.now) == .abort(stage: 0, weight: 10, reason: "a rollback was requested: customers report errors"))
        let drafts = LiveRules.shiftAbort(state, shift, weight: 10, reason: "a rollback was requested: customers report errors")
        #expect(drafts.count == 1, "the rollback is already requested")
        f.append(drafts)
        #expect(LiveRules.nextShiftAction(try f.state, shift, now: f.now) == .finished)
        #expect(try f.state.activity.last?.summary.hasPrefix("traffic shift at 10%: aborted") == true)
    }

    @Test func aRollbackBeforeTheShiftStartsLeavesItIdle() throws {
        var f = LiveFixture(policy: .manual)
        let shift = try #require(try f.state.shiftSteps.first)
        f.now = t0
        f.append(LiveRules.rollbackDrafts(try f.state, reason: "abandon", trigger: nil, value: nil, by: "lee"))
        #expect(LiveRules.nextShiftAction(try f.state, shift, now: f.now) == .idle)
    }

    @Test func aFailingCheckInTheAnalysisAbortsOnlyWhenItRanDuringThePause() throws {
        var f = LiveFixture()
        let shift = try #require(try f.state.shiftSteps.first)
        f.append(EventDraft(actor: "system", CheckRan(check: "smoke", gate: nil, step: nil, result: .fail, expected: "status == 200", observed: "503")))
        f.now = t0.addingTimeInterval(1)
        f.append(EventDraft(actor: "system", ShiftStage(step: shift.step, weight: 10, state: .started, reason: nil)))
        #expect(LiveRules.nextShiftAction(try f.state, shift, now: f.now) == .wait(stage: 0, weight: 10, until: t0.addingTimeInterval(301)))
        f.now = t0.addingTimeInterval(60)
        f.append(EventDraft(actor: "system", CheckRan(check: "smoke", gate: nil, step: nil, result: .fail, expected: "status == 200", observed: "503")))
        #expect(LiveRules.nextShiftAction(try f.state, shift, now: f.now) == .abort(stage: 0, weight: 10, reason: "check smoke fail"))
    }
}
