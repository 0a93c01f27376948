import Foundation
import LiftoffKit
@testable import LiftoffProbes

/// Reading a check the way a runbook would, and running it for real.
enum Probing {
    static func check(_ text: String, _ values: [String: String] = [:]) throws -> Check {
        try CheckParser(vars: LaunchVariables(values: values)).parse(text, context: .init(file: "test.md", position: SourcePosition(line: 1, column: 1), section: 0, step: nil, origin: .annotation, id: "t#1"))
    }

    static func run(_ text: String, _ values: [String: String] = [:], environment: [String: String] = [:], prometheus: String? = nil, timeout: Double = 5) async throws -> CheckResult {
        let runner = CheckRunner(concurrency: 4, defaultTimeout: timeout, environment: environment, prometheusURL: prometheus)
        let results = await runner.run([try check(text, values)])
        return results[0]
    }
}
