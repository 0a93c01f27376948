import Foundation
import Testing

/// `liftoff report` through the built binary on a real SQLite launch.
@Suite struct CLIReportTests {
    static let secret = "hunter2-partner-token"

    @Test func reportsARolledBackLaunchInEveryFormat() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        guard let cli = CLI(dir: dir) else { return }
        let runbook = dir.appendingPathComponent("runbook.md")
        try """
        # Checkout v2

        **Rollback Authority:** Engineering Lead

        ## T-0: Deploy

        - [ ] Deploy the release `<script>alert(1)</script>`
        - [ ] Call the partner API with {{API_TOKEN}}

        ## Rollback Procedure

        1. Revert: `echo reverted`
        """.write(to: runbook, atomically: true, encoding: .utf8)
        let vars = dir.appendingPathComponent("vars.yaml")
        try "API_TOKEN: env:LIFTOFF_REPORT_SECRET\n".write(to: vars, atomically: true, encoding: .utf8)
        let create = try cli.run("launch", "create", runbook.path, "--vars", vars.path, "--at", "2026-12-01T09:00", "--tz", "Europe/Oslo",
                                 "--name", "checkout", "--mode", "rehearsal")
        #expect(create.status == 0, "\(create.stderr)")
        let lead = try cli.addUser("lee", roles: ["Engineering Lead"], launch: "1")
        let admin = try cli.addUser("ada", roles: [], admin: true)
        #expect(try cli.run("step", "done", "1", "deploy the release", "--note", "v2.3.1 <b>out</b>", token: lead).status == 0)
        #expect(try cli.run("note", "add", "1", "token is \(Self.secret)", token: lead).status == 0)
        #expect(try cli.run("rollback", "request", "1", "--reason", "error rate 3% since the deploy", token: lead).status == 0)

        // While it runs: the report so far, said on standard error.
        let running = try cli.run("report", "checkout")
        #expect(running.status == 0, "\(running.stderr)")
        #expect(running.stderr.contains("still running"))
        #expect(running.stdout.contains("**Outcome: IN PROGRESS**"))

        #expect(try cli.run("rollback", "confirm", "1", "--reason", "agreed", token: lead).status == 0)
        #expect(try cli.run("launch", "end", "1", "--outcome", "rolled-back", "--note", "reverted to v2.3.0", token: admin).status == 0)

        let env = ["LIFTOFF_DB": cli.db, "NO_COLOR": "1", "LIFTOFF_REPORT_SECRET": Self.secret]
        let md = try TestEnvironment.run(cli.binary, ["report", "1"], environment: env)
        #expect(md.status == 0, "\(md.stderr)")
        #expect(md.stdout.hasPrefix("# Launch report: checkout"))
        #expect(md.stdout.contains("**Outcome: ROLLED BACK** — reverted to v2.3.0"))
        #expect(md.stdout.contains("hash chain verified"))
        #expect(md.stdout.contains("| Deploy the release \\<script>alert(1)\\</script> |"))
        #expect(md.stdout.contains("error rate 3% since the deploy"))
        #expect(!md.stdout.contains(Self.secret) && md.stdout.contains("token is \\*\\*\\*\\*"))
        #expect(!md.stderr.contains("still running"))

        let file = dir.appendingPathComponent("report.html")
        let html = try TestEnvironment.run(cli.binary, ["report", "1", "--format", "html", "--output", file.path], environment: env)
        #expect(html.status == 0, "\(html.stderr)")
        #expect(html.stdout.isEmpty)
        let page = try String(contentsOf: file, encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>") && page.contains("Content-Security-Policy"))
        #expect(!page.lowercased().contains("<script") && page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(page.contains("v2.3.1 &lt;b&gt;out&lt;/b&gt;"))
        #expect(!page.contains(Self.secret))

        let json = try TestEnvironment.run(cli.binary, ["report", "1", "--format", "json"], environment: env)
        #expect(json.status == 0, "\(json.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["outcome"] as? String == "rolled back")
        let steps = (object?["summary"] as? [String: Any])?["steps"] as? [String: Any]
        #expect(steps?["done"] as? Int == 1 && steps?["total"] as? Int == 2)
        #expect((object?["integrity"] as? [String: Any])?["verified"] as? Bool == true)
        #expect(!json.stdout.contains(Self.secret))
    }

    @Test func anUnknownLaunchIsAUsageError() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        guard let cli = CLI(dir: dir) else { return }
        let e = TestEnvironment.example("go-live")
        #expect(try cli.run("launch", "create", e.runbook, "--vars", e.vars, "--at", "2026-12-01T09:00", "--tz", "UTC", "--name", "shop").status == 0)
        for launch in ["nope", "7"] {
            let out = try cli.run("report", launch)
            #expect(out.status == 2)
            #expect(out.stderr.contains("no launch"), "\(out.stderr)")
            #expect(out.stdout.isEmpty)
        }
        #expect(try cli.run("report", "shop", "--format", "pdf").status == 2)
    }
}
