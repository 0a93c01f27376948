import Foundation
import LiftoffKit
import LiftoffTestSupport
import Testing

/// `liftoff watch`, started with Liftoff's own settings and secrets in its environment, runs a
/// rollback command that prints its environment: the recorded output holds PATH, HOME, LANG,
/// TZ, the vars file's `env:` names and the command's own values, and nothing of Liftoff's.
@Suite struct CommandEnvironmentWatchTests {
    @Test func aRollbackCommandSeesNoSettingOfLiftoffs() async throws {
        guard let liftoff = ProcessRunner.liftoff else {
            Issue.record("the built liftoff binary is missing (swift build first)")
            return
        }
        let runbook = """
        # Checkout

        ## T-0: Deploy

        - [ ] Deploy

        ## Rollback Procedure

        1. Show the environment

           ```bash
           env | sort; echo "region={{REGION}}"
           ```
        """
        let vars = "REGION: eu-north-1\nrollback: auto\nenv: [ACME_PROFILE]\n"
        let launch = try await WatchedLaunch(runbook: runbook, vars: vars, t0: Date().addingTimeInterval(-60), now: nil)
        try await launch.act(.requestRollback(reason: "test"), as: LaunchActor(name: "ada", roles: ["Release Manager"], admin: true))
        let logs = try OwnedProcess.temporaryDirectory("liftoff-env-watch")
        let environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": "/home/liftoff-test",
            "TZ": "Europe/Oslo",
            "LIFTOFF_SESSION_SECRET": "session-s3cret-value",
            "LIFTOFF_TOKEN": "lft_token_s3cret",
            "LIFTOFF_DB": "sqlite:\(launch.databasePath)",
            "LIFTOFF_WEBHOOK_SECRET": "hook-s3cret",
            "ACME_PROFILE": "staging",
            "UNLISTED_SETTING": "not-for-commands",
        ]
        let watcher = try OwnedProcess(liftoff.path, ["watch", "\(launch.launch)", "--interval", "200ms", "--exit-when-ended"], directory: logs, environment: environment)
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, watcher.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        let output = watcher.output
        watcher.stop()

        let events = try await launch.events()
        let ran = try #require(try events.first { $0.type == "action.ran" }?.decode(ActionRan.self), "no action.ran; watcher output:\n\(output)")
        let printed = ran.output ?? ""
        #expect(printed.contains("ACME_PROFILE=staging"), "\(printed)")
        #expect(printed.contains("HOME=/home/liftoff-test"))
        #expect(printed.contains("TZ=Europe/Oslo"))
        #expect(printed.contains("LIFTOFF_VAR_REGION=eu-north-1"))
        #expect(printed.contains("region=eu-north-1"))
        #expect(!printed.contains("UNLISTED_SETTING"))
        for name in ["LIFTOFF_SESSION_SECRET", "LIFTOFF_TOKEN", "LIFTOFF_DB", "LIFTOFF_WEBHOOK_SECRET"] {
            #expect(!printed.contains(name + "="), "\(name) reached the command")
        }
        let log = String(decoding: try JSONEncoder().encode(events.map(\.payload)), as: UTF8.self)
        for secret in ["session-s3cret-value", "lft_token_s3cret", "hook-s3cret"] {
            #expect(!log.contains(secret), "\(secret) is in the event log")
        }
        #expect(try await launch.state().ended?.outcome == .rolledBack)
        await launch.close()
    }
}
