import Foundation
@testable import LiftoffKit
import LiftoffKitFixtures
import Testing

/// The seeds' triggers, bound with the examples' vars files: what a launch of each will watch.
@Suite struct SeedTriggerGoldenTests {
    static func rules(_ name: String) throws -> (RunbookTriggers, LaunchVariables) {
        let vars = try LaunchVariables.parse(Fixtures.text(Fixtures.repositoryRoot.appendingPathComponent("examples/\(name)/vars.yaml")), file: "vars.yaml")
        let source = Fixtures.example(name)
        let runbook = RunbookExtractor.extract(source, file: "\(name).md")
        return (runbook.triggerRules(vars: vars, source: source), vars)
    }

    @Test(arguments: ["acme-blue-green", "go-live", "feature-launch"])
    func everyTriggerOfTheSeedsBindsWithTheExampleVars(name: String) throws {
        let (result, _) = try Self.rules(name)
        #expect(result.errors.isEmpty)
        #expect(result.unbound.map(\.signal) == [], "\(name): \(result.unbound.map(\.text))")
        #expect(Set(result.rules.map(\.id)).count == result.rules.count, "ids are distinct")
        #expect(result.rules.allSatisfy { $0.everySeconds == 15 && $0.nodata == .hold && $0.maxErrors == 4 })
    }

    @Test func acmeRollsBackOnP99AndErrorsWithinFifteenMinutesOfTheShift() throws {
        let (result, vars) = try Self.rules("acme-blue-green")
        let p99 = try #require(result.rules.first { $0.id == "rollback-procedure/p99-latency" })
        #expect(p99.query == vars.signals["p99 latency"])
        #expect(p99.op == .greater && p99.threshold == 0.8 && p99.action == .rollback)
        #expect(p99.activeFrom == .zero && p99.activeForSeconds == 900)
        let errors = try #require(result.rules.first { $0.id == "rollback-procedure/error-rate" })
        #expect(errors.threshold == 0.01 && errors.forSeconds == 0 && errors.action == .rollback)
        let alerts = result.rules.filter { $0.action == .alert }
        #expect(Set(alerts.map(\.signal)) == ["p99 latency", "error rate", "cpu", "memory", "queue depth", "active connections"])
        #expect(alerts.allSatisfy { $0.activeForSeconds == 1800 })
    }

    /// The example adds a trigger written out on the prose criterion: it replaces the candidate.
    @Test func aTriggerWrittenOnTheCriterionReplacesTheProseCandidate() throws {
        let vars = try LaunchVariables.parse(Fixtures.text(Fixtures.repositoryRoot.appendingPathComponent("examples/acme-blue-green/vars.yaml")), file: "vars.yaml")
        let source = Fixtures.annotatedExample("acme-blue-green")
        let result = RunbookExtractor.extract(source, file: "runbook.md").triggerRules(vars: vars, source: source)
        #expect(result.errors.isEmpty)
        let written = try #require(result.rules.first { $0.id == "rollback-on-errors" })
        #expect(written.signal == "error rate" && written.forSeconds == 120 && written.action == .rollback)
        #expect(!result.rules.contains { $0.id == "rollback-procedure/error-rate" }, "the prose candidate is replaced")
        #expect(result.rules.contains { $0.id == "rollback-procedure/p99-latency" }, "the other criteria stay")
        #expect(result.rules.contains { $0.signal == "error rate" && $0.action == .alert }, "an alert on the same signal elsewhere stays")
    }

    @Test func goLiveFillsItsThresholdsFromTheVars() throws {
        let (result, _) = try Self.rules("go-live")
        let errors = try #require(result.rules.first { $0.action == .rollback && $0.signal == "error rate" })
        #expect(errors.threshold == 0.02 && errors.forSeconds == 300)
        #expect(errors.text == "Error rate > 2% for 5 consecutive minutes")
        let p99 = try #require(result.rules.first { $0.action == .rollback && $0.signal == "p99 latency" })
        #expect(p99.threshold == 1.2 && p99.forSeconds == 600)
    }

    @Test func featureLaunchHasRollbackAndTwoLevelTriggers() throws {
        let (result, _) = try Self.rules("feature-launch")
        let rollback = result.rules.filter { $0.action == .rollback }
        #expect(rollback.contains { $0.signal == "error rate" && $0.threshold == 0.01 && $0.forSeconds == 300 })
        #expect(rollback.contains { $0.signal == "p95 latency" && $0.threshold == 0.5 && $0.forSeconds == 600 })
        #expect(result.rules.contains { $0.signal == "p95 latency" && $0.action == .alert && $0.threshold == 0.2 })
        #expect(result.rules.contains { $0.signal == "p95 latency" && $0.action == .page && $0.threshold == 0.5 })
    }

    /// Every seed and corpus file lints with the new readers, without a crash, and their
    /// launches fold.
    @Test func everyCorpusFileStillLints() throws {
        for url in Fixtures.allRunbookFiles {
            let source = Fixtures.text(url)
            let runbook = RunbookExtractor.extract(source, file: url.lastPathComponent)
            let diagnostics = Linter.lint(runbook, vars: nil, source: source)
            #expect(!diagnostics.contains { $0.code == "invalid-trigger" || $0.code == "invalid-shift" }, "\(url.lastPathComponent)")
            _ = RollbackProcedure.of(runbook)
            _ = RollbackAuthority.read(source: source)
        }
    }
}
