import LiftoffKit
import Testing

/// `liftoff lint` without vars: a check URL whose scheme comes from a variable
/// (`{{GREEN_URL}}/healthz`) waits for its value instead of being an error.
@Suite struct CheckURLVariableTests {
    static let source = """
    # R

    - [ ] Green is up <!-- liftoff: check http GET {{GREEN_URL}}/healthz expect status == 200 -->
    - [ ] Queue is short <!-- liftoff: check prometheus "max(q)" expect value < {{QUEUE_LIMIT}} -->
    - [ ] Written wrong <!-- liftoff: check http GET green/healthz expect status == 200 -->
    """

    @Test func aVariableURLIsNotAnErrorWithoutVars() {
        let runbook = RunbookExtractor.extract(Self.source, file: "r.md")
        let errors = Linter.lint(runbook, source: Self.source).filter { $0.code == "invalid-check" }
        #expect(errors.map(\.line) == [5], "only the URL written without a scheme: \(errors)")
    }

    @Test func withVarsTheFilledURLIsChecked() throws {
        let runbook = RunbookExtractor.extract(Self.source, file: "r.md")
        let vars = try LaunchVariables.parse("GREEN_URL: green.internal\nQUEUE_LIMIT: \"500\"\n", file: "vars.yaml")
        let errors = Linter.lint(runbook, vars: vars, source: Self.source).filter { $0.code == "invalid-check" }
        #expect(errors.map(\.line) == [3, 5], "filled without a scheme, an error again: \(errors)")
    }
}
