import Foundation
import LiftoffKit
@testable import LiftoffProbes
import LiftoffMarkdown

/// Reading a check the way a runbook would, and running it for real.
enum Probing {
    static func check(_ text: String, _ values: [String: String] = [:]) throws -> Check {
        try CheckParser(vars: LaunchVariables(values: values)).parse(text, context: .init(file: "test.md", position: SourcePosition(line: 1, column: 1), section: 0, step: nil, origin: .annotation, id: "t#1"))
    }

    /// The default timeout leaves a loaded 2-core test machine room; tests of timeouts pass their own.
    static func run(_ text: String, _ values: [String: String] = [:], environment: [String: String] = [:], prometheus: String? = nil, timeout: Double = 15) async throws -> CheckResult {
        let runner = CheckRunner(concurrency: 4, defaultTimeout: timeout, environment: environment, prometheusURL: prometheus)
        let results = await runner.run([try check(text, values)])
        guard let first = results.first else { throw ProbingFailure.noResult }
        return first
    }

    enum ProbingFailure: Error { case noResult }
}

extension Array {
    /// The element at `index`, or nil: a probe that timed out has no outcomes, and a test must
    /// fail on that, not crash the whole run.
    func at(_ index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
