import Foundation
import Testing
import Yams
import LiftoffTestSupport
@testable import LiftoffKit

/// The hand-counted truth in Benchmarks/reading-truth (see its FORMAT.md), held against the
/// reader on every runbook it describes: no statement of health is ever read as a trigger that
/// fires on it, and no `{{NAME}}` is taken for a variable that is not one. The full scores
/// (steps, anchors, owners, criteria, gates) are printed by `reading-score` in Benchmarks/.
@Suite struct CorpusSafetyTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var truth: URL
        var runbook: URL
        var testDescription: String { runbook.lastPathComponent }
    }

    static let cases: [Case] = {
        let truthDir = Repository.root.appendingPathComponent("Benchmarks/reading-truth")
        let corpus = Repository.shared.appendingPathComponent("corpus")
        var out: [Case] = []
        for (dir, runbooks) in [(truthDir, corpus), (truthDir.appendingPathComponent("own"), truthDir.appendingPathComponent("own"))] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            for name in names.sorted() where name.hasSuffix(".yaml") {
                let runbook = runbooks.appendingPathComponent(String(name.dropLast(5)) + ".md")
                if FileManager.default.fileExists(atPath: runbook.path) {
                    out.append(Case(truth: dir.appendingPathComponent(name), runbook: runbook))
                }
            }
        }
        return out
    }()

    @Test func truthCoversTheCorpus() {
        #expect(Self.cases.count >= 26, "expected truth for every corpus runbook, found \(Self.cases.count)")
    }

    @Test(arguments: cases)
    func noTriggerFiresOnAHealthyStatement(_ c: Case) throws {
        let truth = try #require(try Yams.load(yaml: String(contentsOf: c.truth, encoding: .utf8)) as? [String: Any])
        let runbook = RunbookExtractor.extract(try String(contentsOf: c.runbook, encoding: .utf8), file: c.runbook.lastPathComponent)
        let healthy = (truth["healthy"] as? [Any] ?? []).compactMap { $0 as? [String: Any] }
        let criteriaLines = Set((truth["criteria"] as? [Any] ?? []).compactMap { ($0 as? [String: Any])?["line"] as? Int })
        for statement in healthy {
            guard let line = statement["line"] as? Int, let op = statement["op"] as? String, !criteriaLines.contains(line) else { continue }
            for trigger in runbook.triggers where trigger.position.line == line {
                #expect(!Self.sameDirection(op, trigger.op), "line \(line): '\(trigger.text)' read as \(trigger.signal) \(trigger.op.rawValue) \(trigger.value ?? .nan), which holds when healthy (\(op))")
            }
        }
        let variables = Set((truth["variables"] as? [Any] ?? []).compactMap { $0 as? String })
        let falseVariables = Set(runbook.placeholders.map(\.name)).subtracting(variables)
        #expect(falseVariables.isEmpty, "not variables: \(falseVariables.sorted())")
    }

    static func sameDirection(_ healthyOp: String, _ op: ComparisonOperator) -> Bool {
        switch healthyOp {
        case "<", "<=": [.less, .lessOrEqual, .equal].contains(op)
        case ">", ">=": [.greater, .greaterOrEqual, .equal].contains(op)
        default: healthyOp == op.rawValue
        }
    }
}
