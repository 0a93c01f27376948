import Foundation
import LiftoffKit
@testable import LiftoffProbes
import LiftoffMarkdown
import LiftoffTestSupport
import Testing

/// Payloads × shell positions × the four ways a runbook command runs (an inline check, a
/// `# Expected:` fence, a rollback command, a shift command — the last two through
/// `ActionRunner`, as the watcher runs them): nothing a value holds ever executes (no PWNED
/// file appears), the value arrives intact where it is data, and a position that cannot be
/// proven safe is refused at run time and reported by `lint`.
@Suite("injection matrix", .serialized)
struct InjectionMatrixTests {
    enum Expect: Sendable, CustomStringConvertible {
        /// The output file holds this, given the value.
        case data(@Sendable (String) -> String)
        /// Refused: a lint error, and the command does not run.
        case refused

        var description: String {
            switch self {
            case .data: "data"
            case .refused: "refused"
            }
        }
    }

    struct Position: Sendable, CustomTestStringConvertible {
        var name: String
        /// `OUT` stands for the output file's path.
        var template: String
        var expect: Expect

        var testDescription: String { name }

        func command(out: String) -> String { template.replacingOccurrences(of: "OUT", with: out) }
    }

    static let positions: [Position] = [
        Position(name: "bare word", template: "printf '%s|' {{X}} > OUT", expect: .data { "\($0)|" }),
        Position(name: "in double quotes", template: "printf '%s|' \"v={{X}}\" > OUT", expect: .data { "v=\($0)|" }),
        Position(name: "in single quotes", template: "printf '%s|' 'v={{X}}' > OUT", expect: .data { "v=\($0)|" }),
        Position(name: "after a comment with an apostrophe", template: "# don't stop\nprintf '%s|' {{X}} > OUT", expect: .data { "\($0)|" }),
        Position(name: "inside \"$(…)\"", template: "printf '%s|' \"$(printf '%s' {{X}})\" > OUT", expect: .data { "\($0)|" }),
        Position(name: "in backticks", template: "v=`printf '%s' {{X}}`; printf '%s|' \"$v\" > OUT", expect: .data { "\($0)|" }),
        Position(name: "in an unquoted here-document", template: "cat > OUT <<EOF\nv={{X}}\nEOF", expect: .data { "v=\($0)\n" }),
        Position(name: "in a quoted here-document", template: "cat > OUT <<'EOF'\nv={{X}}\nEOF", expect: .refused),
        Position(name: "as the script of bash -c", template: "bash -c \"printf '%s|' {{X}}\" > OUT", expect: .refused),
        Position(name: "as an argument after sh -c's script", template: "sh -c 'printf \"%s|\" \"$1\"' sh {{X}} > OUT", expect: .data { "\($0)|" }),
        Position(name: "in an assignment", template: "v={{X}}; printf '%s|' \"$v\" > OUT", expect: .data { "\($0)|" }),
        Position(name: "in [[ ]] as text", template: "[[ {{X}} == a ]] 2>/dev/null; printf '%s|' {{X}} > OUT", expect: .data { "\($0)|" }),
        Position(name: "in [[ ]] compared as a number", template: "[[ {{X}} -eq 1 ]] > OUT", expect: .refused),
        Position(name: "an argument of eval", template: "eval \"printf '%s|' {{X}}\" > OUT", expect: .refused),
        Position(name: "piped into sh", template: "printf '%s\\n' {{X}} | sh > OUT", expect: .refused),
    ]

    static func payloads(_ pwned: String) -> [String] {
        [
            "$(touch \(pwned))",
            "`touch \(pwned)`",
            "'; touch \(pwned); '",
            "\"; touch \(pwned); \"",
            "x\ntouch \(pwned)",
            "a[$(touch \(pwned))]",
            "${IFS}touch${IFS}\(pwned)",
            "*",
            "-rf /",
            "\\\"; touch \(pwned); \\",
            "EOF\ntouch \(pwned)\nEOF",
        ]
    }

    enum Context: String, CaseIterable {
        case inlineCheck = "inline check", expectedFence = "# Expected: fence", rollback = "rollback command", shift = "shift command"
    }

    @Test(arguments: positions)
    func nothingAValueHoldsRuns(position: Position) async throws {
        let directory = try OwnedProcess.temporaryDirectory("liftoff-inject")
        defer { try? FileManager.default.removeItem(at: directory) }
        let pwned = directory.appendingPathComponent("PWNED").path
        let payloads = Self.payloads(pwned)
        let environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? CommandEnvironment.defaultPath]
        func out(_ context: Context, _ index: Int) -> String {
            directory.appendingPathComponent("out-\(Context.allCases.firstIndex(of: context) ?? 0)-\(index)").path
        }

        // Checks: parsed from the check language and from a runbook's fence, run by CheckRunner.
        var checks: [Check] = []
        var refusedChecks = 0
        for (index, payload) in payloads.enumerated() {
            let vars = LaunchVariables(values: ["X": payload])
            let inline = position.command(out: out(.inlineCheck, index)).replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            do {
                checks.append(try CheckParser(vars: vars).parse("check command \"\(inline)\" expect exit == 0", context: .init(file: "r.md", position: SourcePosition(line: 1, column: 1), section: 0, step: nil, origin: .annotation, id: "i#\(index)")))
            } catch {
                refusedChecks += 1
            }
            let found = Self.fenceRunbook(position.command(out: out(.expectedFence, index))).checks(vars: vars)
            checks += found.checks
            refusedChecks += found.errors.count
        }
        let results = await CheckRunner(concurrency: 4, defaultTimeout: 10, environment: environment).run(checks)

        // Rollback and shift commands: prepared and run as the watcher does.
        var ran: [(Context, Int, ActionRan)] = []
        for (index, payload) in payloads.enumerated() {
            let vars = LaunchVariables(values: ["X": payload])
            let rollback = PreparedCommand(position.command(out: out(.rollback, index)), variables: vars, environment: environment)
            ran.append((.rollback, index, await ActionRunner.run(rollback, purpose: .rollback, step: "r", timeout: 10)))
            let shift = PreparedCommand(position.command(out: out(.shift, index)), variables: vars, extra: ["weight": "10"], environment: environment)
            ran.append((.shift, index, await ActionRunner.run(shift, purpose: .shift, step: "s", timeout: 10)))
        }

        #expect(!FileManager.default.fileExists(atPath: pwned), "a payload ran in \(position.name)")
        switch position.expect {
        case .data(let expected):
            #expect(refusedChecks == 0, "\(position.name) is data, yet a check was refused")
            #expect(results.count == payloads.count * 2)
            for result in results where result.status != .pass {
                Issue.record("\(position.name): \(result.check.origin) check did not pass: \(result.summary)")
            }
            for (context, index, action) in ran where !action.succeeded {
                Issue.record("\(position.name): \(context.rawValue), payload \(index) failed: \(action.error ?? "exit \(action.exitCode ?? -1)") \(action.output ?? "")")
            }
            for context in Context.allCases {
                for (index, payload) in payloads.enumerated() {
                    let written = try? String(contentsOfFile: out(context, index), encoding: .utf8)
                    #expect(written == expected(payload), "\(position.name), \(context.rawValue), payload \(index): \(payload.debugDescription)")
                }
            }
        case .refused:
            #expect(refusedChecks == payloads.count * 2, "both check forms are refused in \(position.name)")
            #expect(checks.isEmpty)
            for (context, index, action) in ran {
                #expect(action.error?.hasPrefix("not run:") == true, "\(position.name): \(context.rawValue), payload \(index) was not refused")
                #expect(!FileManager.default.fileExists(atPath: out(context, index)), "\(position.name): \(context.rawValue) ran")
            }
            // And lint says so, at the placeholder, wherever the command is written.
            for (context, runbook) in [("fence", Self.fenceRunbook(position.command(out: "/dev/null"))),
                                       ("rollback", Self.rollbackRunbook(position.command(out: "/dev/null"))),
                                       ("shift", Self.shiftRunbook(position.command(out: "/dev/null")))] {
                let errors = Linter.lint(runbook, vars: LaunchVariables(values: ["X": "x"])).filter { $0.severity == .error && $0.message.contains("{{X}}") }
                #expect(!errors.isEmpty, "lint reports \(position.name) in a \(context)")
            }
        }
    }

    static func fenceRunbook(_ command: String) -> Runbook {
        RunbookExtractor.extract("# R\n\n## Verify\n\n```bash\n\(command)\necho done\n# Expected: done\n```\n", file: "r.md")
    }

    static func rollbackRunbook(_ command: String) -> Runbook {
        RunbookExtractor.extract("# R\n\n## Rollback\n\n1. Revert\n\n   ```bash\n\(command.split(separator: "\n", omittingEmptySubsequences: false).map { "   " + $0 }.joined(separator: "\n"))\n   ```\n", file: "r.md")
    }

    static func shiftRunbook(_ command: String) -> Runbook {
        let indented = command.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }.joined(separator: "\n")
        return RunbookExtractor.extract("# R\n\n## T-0: Deploy\n\n- [ ] Shift traffic\n\n  ```liftoff\n  shift:\n    stages: [10]\n    command: |\n\(indented)\n  ```\n", file: "r.md")
    }
}
