@testable import LiftoffKit
import Testing

/// A `liftoff` block is decoded once, when the runbook is read, and every reader of the schema
/// takes its keys from that one value (docs/runbook-format.md, "Help and annotations").
@Suite struct AnnotationDocumentTests {
    @Test func aBlockIsDecodedWithItsKeysInOrderAndTheirPlaces() throws {
        let document = AnnotationDocument.decode("""
            step: deploy
            idempotent: yes
            after: [build, "smoke test"]
            shift:
              stages: [10, 50, 100]
            """)
        #expect(document.problem == nil)
        let mapping = try #require(document.root?.mapping)
        #expect(mapping.keys.compactMap(\.string) == ["step", "idempotent", "after", "shift"])
        #expect(mapping["idempotent"]?.bool == true, "YAML's yes is true, as Yams reads it")
        #expect(mapping["after"]?.sequence?.compactMap(\.string) == ["build", "smoke test"])
        #expect(mapping["shift"]?.mapping?["stages"]?.sequence?.compactMap(\.int) == [10, 50, 100])
        #expect(mapping["after"]?.mark == AnnotationNode.Mark(line: 3, column: 8))
        #expect(mapping["missing"] == nil)
    }

    @Test func textThatIsNotYAMLKeepsWhyAndWhere() throws {
        let document = AnnotationDocument.decode("checks:\n  - http: [unclosed\n")
        #expect(document.root == nil)
        let problem = try #require(document.problem)
        #expect(problem.line >= 2)
        #expect(!problem.message.isEmpty)
    }

    /// One block holding keys of five readers: each reads its own key from the shared value, and
    /// the schema check finds nothing unknown.
    @Test func everyReaderTakesItsKeyFromTheOneDecodedBlock() throws {
        let markdown = """
            # Launch

            ## T-1h: Prepare

            - [ ] Build the release
            - [ ] Shift traffic to the new version

              ```liftoff
              after: Build the release
              owner: "@ana"
              shift:
                stages: [10, 100]
                command: ./scripts/set-weight.sh {{weight}}
              checks:
                - check http https://example.test/healthz expect status == 200
              triggers:
                - trigger high errors: error rate > 5% for 5m then rollback
              ```
            """
        let runbook = RunbookExtractor.extract(markdown, file: "one.md")
        let block = try #require(runbook.annotations.first { $0.form == .block })
        #expect(block.document.root?.mapping?.count == 5)
        #expect(runbook.diagnostics.filter { $0.severity == .error }.isEmpty)
        #expect(runbook.checks(vars: nil).checks.count == 1)
        let triggers = runbook.triggerRules(vars: nil)
        #expect(triggers.errors.isEmpty)
        #expect(triggers.rules.count + triggers.unbound.count == 1, "the block's trigger, unbound without a vars file")
        let shifted = try #require(runbook.steps.first { $0.text.hasPrefix("Shift traffic") })
        #expect(shifted.owner == "@ana")
        #expect(runbook.shiftSteps().shifts.map(\.stages) == [[10, 100]])
    }
}
