import Foundation
import Testing

/// `status post` and `rollback request|confirm` through the built binary.
@Suite struct CLILiveCommandTests {
    @Test func statusPostAndARollbackConfirmedOnlyByItsAuthority() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        guard let cli = CLI(dir: dir) else { return }
        let runbook = dir.appendingPathComponent("runbook.md")
        try """
        # Checkout

        **Rollback Authority:** Engineering Lead

        ## T-0: Deploy

        - [ ] Deploy the release

        ## Rollback Procedure

        1. Revert: `echo reverted`
        """.write(to: runbook, atomically: true, encoding: .utf8)
        let vars = dir.appendingPathComponent("vars.yaml")
        try "notify:\n  slack: env:SLACK_WEBHOOK_URL\n".write(to: vars, atomically: true, encoding: .utf8)
        let create = try cli.run("launch", "create", runbook.path, "--vars", vars.path, "--at", "2026-12-01T09:00", "--tz", "Europe/Oslo", "--name", "checkout")
        #expect(create.status == 0, "\(create.stderr)")
        let lead = try cli.addUser("lee", roles: ["Engineering Lead"], launch: "1")
        let owner = try cli.addUser("pat", roles: ["Product Owner"], launch: "1")

        let post = try cli.run("status", "post", "checkout", "yellow", "canary at 10%", token: owner)
        #expect(post.status == 0, "\(post.stderr)")
        #expect(post.stderr.contains("status.posted"))
        let bad = try cli.run("status", "post", "1", "purple", "x", token: owner)
        #expect(bad.status == 2, "an unknown level is a usage error")

        #expect(try cli.run("rollback", "confirm", "1", token: lead).status != 0, "nothing to confirm yet")
        let request = try cli.run("rollback", "request", "1", "--reason", "error rate 3%", token: owner)
        #expect(request.status == 0, "\(request.stderr)")
        let refused = try cli.run("rollback", "confirm", "1", token: owner)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("may not confirm the rollback"), "\(refused.stderr)")
        let confirm = try cli.run("rollback", "confirm", "1", "--reason", "agreed", token: lead)
        #expect(confirm.status == 0, "\(confirm.stderr)")
        // `rollback resume` decides about an interrupted command: exactly one choice, and only
        // when a command was interrupted.
        #expect(try cli.run("rollback", "resume", "1", token: lead).status == 2)
        #expect(try cli.run("rollback", "resume", "1", "--done", "--skip", token: lead).status == 2)
        let nothing = try cli.run("rollback", "resume", "1", "--rerun", token: lead)
        #expect(nothing.status != 0 && nothing.stderr.contains("no interrupted command"), "\(nothing.stderr)")
        let log = try cli.run("log", "1")
        #expect(log.stdout.contains("rollback.requested") && log.stdout.contains("rollback.confirmed"), "\(log.stdout)")
        #expect(try cli.run("verify", "1").status == 0)
    }
}
