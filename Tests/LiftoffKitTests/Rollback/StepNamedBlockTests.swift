import LiftoffKit
import Testing

/// `liftoff` blocks that name their step (`step:`) and rollback steps whose commands a block
/// replaces (`run:`), as the go-live and feature-launch examples use them.
@Suite struct StepNamedBlockTests {
    static let source = """
    # Release

    ## H-0: Deployment Start

    | Time | Action | Owner |
    |------|--------|-------|
    | H+0:05 | Enable maintenance mode | Deployer |
    | H+0:10 | Trigger production deployment pipeline | Deployer |

    ```liftoff
    step: Trigger production deployment pipeline
    shift:
      stages: [10, 50]
      command: ./weight.sh {{weight}}
    checks:
      - check http GET http://127.0.0.1:1/healthz expect status == 200
    ```

    ## Rollback Procedure

    1. Announce the rollback
    2. Run: `bash scripts/rollback.sh production`

       ```liftoff
       run: ./weight.sh 0
       ```
    3. Run down migration `bash scripts/migrate-down.sh production`

       ```liftoff
       run: []
       ```
    4. Verify: `bash scripts/smoke.sh`

    ```
    Step 5 - Code Rollback:
      command: |
        aws deploy create-deployment --application-name app
      owner: Engineering Lead
    ```

    ```liftoff
    step: rollback-procedure/code-rollback
    run:
      - ./status.sh --expect-serving blue
      - ./status.sh --expect-sha abc
    ```
    """

    @Test func aBlockNamingATableRowBelongsToThatStep() throws {
        let runbook = RunbookExtractor.extract(Self.source, file: "r.md")
        let row = try #require(runbook.steps.first { $0.text == "Trigger production deployment pipeline" })
        let shift = try #require(runbook.shiftSteps().shifts.first)
        #expect(shift.step == row.id)
        #expect(shift.stages == [10, 50])
        let check = try #require(runbook.checks(vars: nil).checks.first)
        #expect(check.step == row.id, "the block's checks are the row's evidence")
        #expect(runbook.diagnostics.filter { $0.code == "unknown-step" }.isEmpty)
    }

    @Test func runReplacesTheProseCommandsOfARollbackStep() throws {
        let runbook = RunbookExtractor.extract(Self.source, file: "r.md")
        let items = RollbackProcedure.of(runbook).items
        #expect(items.map(\.commands) == [
            [],
            ["./weight.sh 0"],
            [],
            ["bash scripts/smoke.sh"],
            ["./status.sh --expect-serving blue", "./status.sh --expect-sha abc"],
        ], "\(items.map(\.step))")
        #expect(items[2].isManual, "run: [] makes the step manual")
        #expect(items[3].commands == ["bash scripts/smoke.sh"], "a step without run: keeps its own command")
    }

    @Test func aBlockNamingNoSingleStepIsAnErrorWithAHint() throws {
        let source = """
        # R

        ## Checklist

        - [ ] Same
        - [ ] Same

        ```liftoff
        step: Same
        run: ./x.sh
        ```

        ```liftoff
        step: Nowhere
        run: ./y.sh
        ```
        """
        let runbook = RunbookExtractor.extract(source, file: "r.md")
        let errors = runbook.diagnostics.filter { $0.code == "unknown-step" }
        #expect(errors.map(\.line) == [9, 14], "\(errors)")
        #expect(errors.allSatisfy { $0.severity == .error && $0.hint != nil })
        #expect(errors.first?.message.contains("'Same'") == true)
    }
}
