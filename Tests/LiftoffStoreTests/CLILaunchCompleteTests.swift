import Foundation
import Testing

/// `launch complete`, `criterion confirm` and `retro add|export` through the built binary.
@Suite struct CLILaunchCompleteTests {
    @Test func completeRefusesWithAConfirmationOpenSucceedsOnceMarkedAndAnOverrideIsReported() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        guard let cli = CLI(dir: dir) else { return }
        let runbook = dir.appendingPathComponent("runbook.md")
        try """
        # Checkout

        ## T-0: Deploy

        - [ ] Deploy the release

        ## Launch Complete

        - **Product Owner**: Support volume normal
        """.write(to: runbook, atomically: true, encoding: .utf8)
        for name in ["one", "two"] {
            let create = try cli.run("launch", "create", runbook.path, "--at", "2026-12-01T09:00", "--tz", "Europe/Oslo", "--name", name)
            #expect(create.status == 0, "\(create.stderr)")
        }
        let owner = try cli.addUser("pat", roles: ["Product Owner"], launch: "1")
        let status = try cli.run("launch", "status", "1")
        #expect(status.stdout.contains("[waiting] launch-complete/support-volume-normal"), "\(status.stdout)")

        let refused = try cli.run("launch", "complete", "1", token: owner)
        #expect(refused.status == 1, "criteria not met is a finding: \(refused.stderr)")
        #expect(refused.stderr.contains("Support volume normal [launch-complete/support-volume-normal]: to be confirmed by Product Owner"), "\(refused.stderr)")
        let confirm = try cli.run("criterion", "confirm", "1", "launch-complete/support-volume-normal", "--note", "40 tickets/h", token: owner)
        #expect(confirm.status == 0, "\(confirm.stderr)")
        let complete = try cli.run("launch", "complete", "1", token: owner)
        #expect(complete.status == 0, "\(complete.stderr)")
        #expect(try cli.run("launch", "status", "1").stdout.contains("lifecycle: completed"))
        #expect(try cli.run("retro", "add", "1", "--action", "Watch ticket volume", "--owner", "Support Lead", "--due", "2026-12-15", token: owner).status == 0)
        #expect(try cli.run("retro", "add", "1", "--action", "no owner", token: owner).status == 2)
        let retro = try cli.run("retro", "export", "1")
        #expect(retro.stdout.contains("- [ ] Watch ticket volume — owner: Support Lead, due 2026-12-15"), "\(retro.stdout)")

        // Launch 2: a non-admin cannot override; an admin can, and the report says so.
        let other = try cli.addUser("lee", roles: ["Engineering Lead"], launch: "2")
        let admin = try cli.addUser("ada", roles: [], admin: true, launch: "2")
        #expect(try cli.run("launch", "complete", "2", "--override", token: other).status == 2, "--override needs --reason")
        #expect(try cli.run("launch", "complete", "2", "--override", "--reason", "x", token: other).status == 2, "admins only")
        let override = try cli.run("launch", "complete", "2", "--override", "--reason", "support dashboard down; checked by phone", token: admin)
        #expect(override.status == 0, "\(override.stderr)")
        let report = try cli.run("report", "2")
        #expect(report.stdout.contains("COMPLETED BY OVERRIDE") && report.stdout.contains("support dashboard down; checked by phone"), "\(report.stdout)")
        #expect(try cli.run("verify", "2").status == 0)
    }
}
