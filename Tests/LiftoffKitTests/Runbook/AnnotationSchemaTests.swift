import Testing
@testable import LiftoffKit

/// One list of the keys a `liftoff` block may hold: a key outside it is an error at the key,
/// with the nearest known key as the hint, instead of a block that silently does nothing.
@Suite struct AnnotationSchemaTests {
    static func read(_ block: String, fence: String = "```") -> Runbook {
        RunbookExtractor.extract("# R\n\n## T-0: Deploy\n\n- [ ] Deploy the release\n\n\(fence)liftoff\n\(block)\(fence)\n", file: "r.md")
    }

    @Test func aMisspelledTriggersKeyIsAnErrorAtTheKey() throws {
        let runbook = Self.read("trigers:\n  - trigger errs: error rate > 5% for 5m then rollback\n")
        let problem = try #require(runbook.diagnostics.first { $0.code == "unknown-annotation-key" })
        #expect(problem.severity == .error)
        #expect(problem.position.line == 8 && problem.position.column == 1)
        #expect((problem.hint ?? "").contains("did you mean 'triggers:'"))
        #expect(runbook.triggerRules(vars: nil).rules.isEmpty, "the misspelled key still defines nothing")
    }

    @Test func everyKeyOfTheSchemaIsAccepted() {
        let block = """
        step: Deploy the release
        owner: SRE Lead
        at: T-1h
        idempotent: true
        run: ./deploy.sh
        checks:
          - check http GET https://example.test/healthz expect status == 200
        triggers:
          - trigger errs: error rate > 5% for 5m then rollback
        shift:
          stages: [10, 100]
          command: ./w.sh {{weight}}
        rollback:
          steps: [./undo.sh]

        """
        let runbook = Self.read(block)
        #expect(!runbook.diagnostics.contains { $0.code == "unknown-annotation-key" }, "\(runbook.diagnostics)")
    }

    @Test func anUnrelatedKeyGetsTheListNotAGuess() throws {
        let runbook = Self.read("colour: blue\n")
        let problem = try #require(runbook.diagnostics.first { $0.code == "unknown-annotation-key" })
        #expect(!(problem.hint ?? "").contains("did you mean"))
        #expect((problem.hint ?? "").contains("checks") && (problem.hint ?? "").contains("triggers"))
    }

    @Test func aBlockThatIsNotAMappingIsLeftToItsReaders() {
        let runbook = Self.read("check http GET https://example.test/ expect status == 200\n")
        #expect(!runbook.diagnostics.contains { $0.code == "unknown-annotation-key" })
    }
}

/// A rollback's own fields are checked the same way: a typo or a value Liftoff cannot use is an
/// error at it, never a policy silently left at its default.
@Suite struct RollbackFieldSchemaTests {
    @Test func misspelledFieldsAndUnusableValuesAreErrors() {
        let runbook = AnnotationSchemaTests.read("rollback:\n  polcy: auto\n  quorum: two\n  within: soon\n  steps: [./undo.sh]\n")
        let problems = runbook.diagnostics.filter { $0.code == "unknown-annotation-key" || $0.code == "invalid-annotation" }
        #expect(problems.count == 3, "\(problems)")
        #expect(problems.contains { $0.code == "unknown-annotation-key" && ($0.hint ?? "").contains("did you mean 'policy:'") && $0.line == 9 })
        #expect(problems.contains { $0.message.contains("quorum: two") })
        #expect(problems.contains { $0.message.contains("within: soon") })
    }

    @Test func aWellFormedRollbackIsQuiet() {
        let runbook = AnnotationSchemaTests.read("rollback:\n  policy: auto\n  authority: [Engineering Lead]\n  quorum: 1\n  within: 15m\n  idempotent: true\n  steps: [./undo.sh]\n")
        #expect(!runbook.diagnostics.contains { $0.code == "unknown-annotation-key" || $0.code == "invalid-annotation" }, "\(runbook.diagnostics)")
    }
}
