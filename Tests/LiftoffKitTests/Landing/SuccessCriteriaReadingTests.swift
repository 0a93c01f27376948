import Foundation
@testable import LiftoffKit
import LiftoffKitFixtures
import Testing

/// Success criteria as the runbooks write them: outline blocks with owners and verification
/// windows, lists, prose and threshold tables under success headings, read on the healthy side
/// and never as triggers.
@Suite struct SuccessCriteriaReadingTests {
    @Test func featureLaunchSeedHasThreeGroupsWithOwnersAndDayLongWindows() throws {
        let runbook = Fixtures.runbook("feature-launch")
        let criteria = runbook.successCriteria
        let groups = criteria.reduce(into: [String]()) { if let g = $1.group, !$0.contains(g) { $0.append(g) } }
        #expect(groups == ["Technical Success", "Business Success", "Operational Success"])
        let owners = Dictionary(criteria.map { ($0.group ?? "", $0.owner ?? "") }, uniquingKeysWith: { a, _ in a })
        #expect(owners["Technical Success"] == "Engineering Lead")
        #expect(owners["Business Success"] == "Product Owner")
        #expect(owners["Operational Success"] == "Engineering Manager")
        #expect(criteria.count == 12, "\(criteria.map(\.text))")
        #expect(criteria.allSatisfy { $0.windowSeconds == 86_400 }, "\(criteria.map { "\($0.text): \($0.windowSeconds.map(String.init) ?? "nil")" })")

        let errors = try #require(criteria.first { $0.text.hasPrefix("Error rates") })
        guard case .metric(let signal, let op, let value, _, let unit) = errors.measure else {
            Issue.record("'Error rates < 0.1% for 24 hours' is a metric: \(errors.measure)")
            return
        }
        #expect(signal == "error rates" && op == .less && unit == "%")
        #expect(abs((value ?? 0) - 0.001) < 1e-12)
        let support = try #require(criteria.first { $0.text == "Support volume normal" })
        #expect(support.measure == .judgement && support.owner == "Product Owner")
        // The closure process that follows is not a criterion.
        #expect(!criteria.contains { $0.text.contains("runbooks") || $0.text.contains("timeline") })
    }

    @Test func listsProseAndTablesUnderSuccessHeadings() throws {
        let runbook = RunbookExtractor.extract("""
        # Checkout

        ## T-0: Deploy

        - [ ] Deploy the release

        ## Exit Criteria

        **Owner:** SRE Lead

        - Error rate < 0.5% for 2 hours
        - p99 latency < 800ms
        - On-call confirms no open incidents

        | Metric | Target |
        |---|---|
        | Availability | > 99.9% |

        ## Rollback Triggers

        - Error rate > 5% for 5 minutes
        """, file: "r.md")
        let texts = runbook.successCriteria.map(\.text)
        #expect(texts.contains("Error rate < 0.5% for 2 hours") && texts.contains("p99 latency < 800ms") && texts.contains("On-call confirms no open incidents"), "\(texts)")
        #expect(runbook.successCriteria.contains { if case .metric("availability", .greater, _, _, _) = $0.measure { return true }; return false }, "\(runbook.successCriteria)")
        let errors = try #require(runbook.successCriteria.first { $0.text.hasPrefix("Error rate") })
        #expect(errors.windowSeconds == 7200 && errors.owner == "SRE Lead")
        #expect(runbook.successCriteria.first { $0.text.hasPrefix("On-call") }?.measure == .judgement)
        // The rollback trigger stays the only one that rolls back; no criterion becomes one.
        let rollbacks = runbook.triggers.filter { $0.action == .rollback }
        #expect(rollbacks.count == 1 && rollbacks[0].op == .greater && rollbacks[0].value == 0.05)
        #expect(!runbook.successCriteria.contains { $0.text.contains("> 5%") })
    }

    @Test func successCriteriaNeverBecomeTriggersThatFireOnThem() {
        for url in Fixtures.allRunbookFiles {
            let runbook = RunbookExtractor.extract(Fixtures.text(url), file: url.lastPathComponent)
            for criterion in runbook.successCriteria {
                guard case .metric(_, let op, let value?, _, _) = criterion.measure else { continue }
                // A trigger at the criterion's own place that fires on its healthy value would roll a healthy launch back.
                let firing = runbook.triggers.filter { $0.position == criterion.position && $0.value != nil && $0.op.holds(value, $0.value ?? 0) && $0.op == op }
                #expect(firing.isEmpty, "\(url.lastPathComponent):\(criterion.position.line): '\(criterion.text)' is also a trigger")
            }
        }
    }

    @Test func lintSaysWhichMetricCriteriaNoSignalBinds() {
        let runbook = Fixtures.runbook("feature-launch")
        #expect(!Linter.lint(runbook).contains { $0.code == "unbound-criterion" }, "only with a vars file")
        let unbound = Linter.lint(runbook, vars: LaunchVariables()).filter { $0.code == "unbound-criterion" }
        #expect(unbound.count == 1 && unbound[0].severity == .info && unbound[0].message.contains("'error rates'"), "\(unbound)")
        var vars = LaunchVariables()
        vars.signals = ["error rate": "sum(rate(errors[5m]))"]
        #expect(!Linter.lint(runbook, vars: vars).contains { $0.code == "unbound-criterion" })
    }

    @Test func boundMetricsBecomeChecksAndTheRestAreConfirmed() throws {
        var vars = LaunchVariables()
        vars.signals = ["error rate": "sum(rate(errors[5m]))"]
        let checks = Fixtures.runbook("feature-launch").successChecks(vars: vars)
        let errors = try #require(checks.first { $0.text.hasPrefix("Error rates") })
        #expect(errors.method == .metric(query: "sum(rate(errors[5m]))", op: .less, threshold: 0.001, unit: "%") || errors.isMetric)
        #expect(errors.windowSeconds == 86_400 && errors.everySeconds == 15)
        let latency = try #require(checks.first { $0.text == "Latency within SLA" })
        #expect(latency.method == .confirmation(unboundSignal: nil))
    }
}
