import LiftoffTestSupport
import Foundation
import LiftoffKit
@testable import LiftoffProbes
import Testing

@Suite("command probe")
struct CommandProbeTests {
    @Test func exitCodeAndOutput() async throws {
        let ok = try await Probing.run(#"check command "echo available; echo warn >&2" expect exit == 0 and stdout ~ "avail" and stderr contains "warn""#)
        #expect(ok.status == .pass, "\(ok.summary)")
        let failing = try await Probing.run(#"check command "echo stopped; echo 'fatal: db down' >&2; exit 3" expect exit == 0"#)
        #expect(failing.summary == "expected exit == 0, observed 3 (stderr: fatal: db down)")
    }

    @Test func outputIsCappedAt64KiB() async throws {
        let outcome = try await CommandRunner.run("head -c 200000 /dev/zero | tr '\\0' a; echo done >&2", environment: CommandEnvironment.base(ProcessInfo.processInfo.environment, allowing: []), cwd: nil, timeout: 10)
        #expect(outcome.stdout.count == 64 * 1024)
        #expect(outcome.truncated)
        #expect(String(decoding: outcome.stderr, as: UTF8.self) == "done\n")
        #expect(outcome.exitCode == 0)
    }

    @Test func timeoutKillsTheWholeProcessGroup() async throws {
        let directory = try OwnedProcess.temporaryDirectory("liftoff-cmd")
        defer { try? FileManager.default.removeItem(at: directory) }
        let pidFile = directory.appendingPathComponent("child.pid").path
        let clock = ContinuousClock()
        let start = clock.now
        let result = try await Probing.run(#"check command "sleep 300 & echo $! > \#(pidFile); echo started; wait" timeout 1s expect exit == 0"#)
        // Well short of the 300 s the child would sleep. A loose bound: a loaded 2-core machine
        // running the whole suite in parallel can delay timers by ~20 s.
        #expect(clock.now - start < .seconds(60))
        #expect(result.status == .error)
        #expect(result.error == "timed out after 1s; process group killed; last output: started")
        let pid = try #require(Int32((try String(contentsOfFile: pidFile, encoding: .utf8)).trimmingCharacters(in: .whitespacesAndNewlines)))
        // The background sleep was in the group and is gone (or a zombie reaped by init).
        try await Task.sleep(for: .milliseconds(200))
        #expect(kill(pid, 0) != 0 || (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?.contains(") Z ") == true)
    }

    @Test func workingDirectory() async throws {
        let result = try await Probing.run(#"check command "pwd" cwd /tmp expect stdout ~ "^/tmp""#)
        #expect(result.status == .pass, "\(result.summary)")
        let missing = try await Probing.run(#"check command "pwd" cwd /nonexistent/dir expect exit == 0"#)
        #expect(missing.error == "working directory '/nonexistent/dir' does not exist")
    }

    @Test func secretsAreQuotedInAndMaskedOut() async throws {
        let secret = "p@ss w0rd'; echo pwned"
        let result = try await Probing.run(#"check command "echo token={{DB_PASSWORD}}" expect stdout == "nope""#, ["DB_PASSWORD": "env:LIFTOFF_TEST_DB_PASSWORD"], environment: ["LIFTOFF_TEST_DB_PASSWORD": secret])
        #expect(result.summary == #"expected stdout == "nope", observed "token=****""#)
        #expect(!"\(result)".contains("w0rd"))
    }

    @Test func variablesCannotInjectCommands() async throws {
        let result = try await Probing.run(#"check command "printf %s {{NAME}}" expect stdout == "a; echo injected""#, ["NAME": "a; echo injected"])
        #expect(result.status == .pass, "\(result.summary)")
    }

    @Test func expectedOutputLinesRunAsChecks() async throws {
        let runbook = RunbookExtractor.extract("""
        # Release

        ## Verify

        1. Check the database

           ```bash
           echo "db-1 available"
           # Expected: available
           ```
        """, file: "r.md")
        let checks = runbook.checks(vars: LaunchVariables()).checks
        #expect(checks.count == 1)
        let results = await CheckRunner(environment: [:]).run(checks)
        #expect(results.first?.status == .pass, "\(results.first?.summary ?? "")")
    }
}
