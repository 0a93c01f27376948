import Foundation
import LiftoffTestSupport
import Testing

/// The built `liftoff` binary end to end: each seed example, tampering, bad input.
@Suite struct CLILaunchTests {
    /// The seeds as written (the examples add checks on the gate, which votes alone do not pass),
    /// with the examples' vars; the examples stand in when ../shared is absent.
    static let seeds = ["acme-blue-green": "acme-blue-green-deployment-runbook.md", "go-live": "go-live-runbook-template.md",
                        "feature-launch": "feature-launch-runbook.md"]

    func create(_ cli: CLI, example: String, name: String) throws {
        let e = TestEnvironment.example(example)
        let seed = Self.seeds[example].map { Repository.shared.appendingPathComponent("seeds/\($0)").path }
        let runbook = seed.flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil } ?? e.runbook
        let out = try cli.run("launch", "create", runbook, "--vars", e.vars, "--at", "2026-12-01T09:00", "--tz", "Europe/Oslo",
                              "--name", name, "--mode", "rehearsal")
        #expect(out.status == 0, "\(out.stderr)")
    }

    @Test(arguments: ["acme-blue-green", "feature-launch", "go-live"])
    func seedExampleRunsEndToEnd(example: String) throws {
        let dir = try TestEnvironment.temporaryDirectory()
        guard let cli = CLI(dir: dir) else { return }
        try create(cli, example: example, name: example)
        let status = try cli.run("launch", "status", "1", "--format", "json", "--all")
        #expect(status.status == 0, "\(status.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        let steps = json?["steps"] as? [[String: Any]] ?? []
        let gates = json?["gates"] as? [[String: Any]] ?? []
        #expect(!steps.isEmpty)

        let admin = try cli.addUser("ada", roles: ["Release Manager"], admin: true)
        // Every gate gets a GO from a participant for each of its roles.
        for (g, gate) in gates.enumerated() {
            let id = gate["id"] as? String ?? ""
            for (r, role) in (gate["roles"] as? [String] ?? []).enumerated() {
                let voter = try cli.addUser("voter-\(g)-\(r)", roles: [role], launch: "1")
                let vote = try cli.run("gate", "vote", "1", id, "go", "--as", role, "--comment", "ready", token: voter)
                #expect(vote.status == 0, "\(vote.stderr)")
            }
        }
        let after = try cli.run("launch", "status", "1", "--format", "json")
        let decided = (try JSONSerialization.jsonObject(with: Data(after.stdout.utf8)) as? [String: Any])?["gates"] as? [[String: Any]] ?? []
        // Every role voted GO: decided GO, unless the gate still waits for its checks' evidence
        // (the examples' gates check the sandbox, which no one runs here).
        #expect(decided.allSatisfy { gate in
            gate["decision"] as? String == "go" || (gate["decision"] as? String == "open" && (gate["reason"] as? String ?? "").hasPrefix("checks not passed"))
        }, "\(after.stdout)")

        // Mark the first three steps (by id) and one by words of its text.
        for step in steps.prefix(3) {
            let out = try cli.run("step", "done", "1", step["id"] as? String ?? "", "--note", "ok", token: admin)
            #expect(out.status == 0, "\(out.stderr)")
        }
        let text = try cli.run("launch", "status", "1", "--all")
        #expect(text.stdout.contains("progress: "))
        #expect(try cli.run("note", "add", "1", "war room open", token: admin).status == 0)
        #expect(try cli.run("defect", "log", "1", "banner typo", "--severity", "low", token: admin).status == 0)
        // The feature launch states success criteria nobody verified here: a success takes an override.
        let end = try cli.run("launch", "complete", "1", "--override", "--reason", "end-to-end test", token: admin)
        #expect(end.status == 0, "\(end.stderr)")
        let verify = try cli.run("verify", "1")
        #expect(verify.status == 0)
        #expect(verify.stdout.contains("chain verifies"))
        let log = try cli.run("log", "1")
        #expect(log.stdout.contains("launch.ended"))
    }

    @Test func secretsStayReferencesAndTheirValuesNeverReachTheDatabase() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        guard let cli = CLI(dir: dir) else { return }
        let vars = dir.appendingPathComponent("vars.yaml")
        try Data("DOMAIN: shop.example.com\nAPI_TOKEN: env:LIFTOFF_TEST_SECRET\n".utf8).write(to: vars)
        let e = TestEnvironment.example("go-live")
        let out = try TestEnvironment.run(cli.binary, ["launch", "create", e.runbook, "--vars", vars.path, "--at", "2026-12-01T09:00",
                                                       "--tz", "UTC", "--name", "s"],
                                          environment: ["LIFTOFF_DB": cli.db, "LIFTOFF_TEST_SECRET": "hunter2-do-not-store"])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(try cli.run("log", "1", "--format", "json").stdout.contains(#""API_TOKEN":"env:LIFTOFF_TEST_SECRET""#))
        var bytes = Data()
        for suffix in ["", "-wal"] {
            bytes += (try? Data(contentsOf: dir.appendingPathComponent("l.db" + suffix))) ?? Data()
        }
        #expect(bytes.range(of: Data("hunter2-do-not-store".utf8)) == nil)
    }

    @Test func featureLaunchGoNoGoNeedsItsFourRoles() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        guard let cli = CLI(dir: dir) else { return }
        try create(cli, example: "feature-launch", name: "smart-search")
        let roles = ["Engineering Lead", "Product Owner", "Engineering Manager", "Program Manager"]
        let lead = try cli.addUser("lee", roles: ["Engineering Lead"], launch: "1")
        let viewer = try cli.addUser("vic", roles: ["viewer"], launch: "1")
        // A viewer cannot vote, and nobody votes for a role they lack.
        let byViewer = try cli.run("gate", "vote", "1", "go/no-go", "go", "--as", "Engineering Lead", token: viewer)
        #expect(byViewer.status == 2)
        #expect(byViewer.stderr.contains("viewer"))
        let wrongRole = try cli.run("gate", "vote", "1", "go/no-go", "go", "--as", "Product Owner", token: lead)
        #expect(wrongRole.status == 2)
        #expect(wrongRole.stderr.contains("cannot vote as Product Owner"))
        for (i, role) in roles.enumerated() {
            let token = i == 0 ? lead : try cli.addUser("p\(i)", roles: [role], launch: "1")
            let out = try cli.run("gate", "vote", "1", "go-no-go", i == 3 ? "nogo" : "go", "--as", role, token: token)
            #expect(out.status == 0, "\(out.stderr)")
        }
        let status = try cli.run("launch", "status", "1")
        #expect(status.stdout.contains("Go/No-Go Meeting Protocol [go-no-go-meeting-protocol] at T-1h"))
        #expect(status.stdout.contains(": NO-GO"))
        // Without an override, a step after the gate is refused; override needs an admin and a reason.
        let deploy = try cli.run("step", "done", "1", "open war room", token: lead)
        #expect(deploy.status == 2)
        #expect(deploy.stderr.contains("which was decided NO-GO"))
        #expect(try cli.run("gate", "override", "1", "go-no-go", "--reason", "VP approved", token: lead).status == 2)
        let admin = try cli.addUser("ada", roles: [], admin: true)
        #expect(try cli.run("gate", "override", "1", "go-no-go", "--reason", " ", token: admin).status == 2)
        #expect(try cli.run("gate", "override", "1", "go-no-go", "--reason", "VP approved by phone", token: admin).status == 0)
        #expect(try cli.run("step", "done", "1", "open war room", token: lead).status == 0)
    }

    @Test func tamperedRowIsNamedByVerify() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        guard let cli = CLI(dir: dir) else { return }
        guard let sqlite3 = TestEnvironment.sqlite3 else { return TestEnvironment.unavailable("the sqlite3 CLI") }
        try create(cli, example: "go-live", name: "shop")
        let token = try cli.addUser("ada", roles: ["Release Manager"], admin: true)
        for i in 0..<8 { #expect(try cli.run("note", "add", "1", "note \(i)", token: token).status == 0) }
        #expect(try cli.run("verify", "1").status == 0)
        let path = dir.appendingPathComponent("l.db").path
        let edit = try TestEnvironment.run(sqlite3, [path, "UPDATE events SET payload = '{\"text\":\"nothing happened\"}' WHERE launch_id = 1 AND seq = 6"])
        #expect(edit.status == 0, "\(edit.stderr)")
        let verify = try cli.run("verify", "1")
        #expect(verify.status == 1)
        #expect(verify.stdout.contains("chain broken at seq 6:"), "\(verify.stdout)")
    }

    @Test func unknownLaunchUnknownStepAndAmbiguousStepExit2AndWriteNothing() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        guard let cli = CLI(dir: dir) else { return }
        try create(cli, example: "feature-launch", name: "smart-search")
        let token = try cli.addUser("ada", roles: ["Engineering Lead"], admin: true)
        let before = try cli.eventCount()
        let unknownLaunch = try cli.run("step", "done", "9", "anything", token: token)
        #expect(unknownLaunch.status == 2)
        #expect(unknownLaunch.stderr.contains("no launch 9"))
        let unknownStep = try cli.run("step", "done", "1", "no such step anywhere", token: token)
        #expect(unknownStep.status == 2)
        #expect(unknownStep.stderr.contains("no step matches 'no such step anywhere'"))
        let ambiguous = try cli.run("step", "done", "1", "finalize", token: token)
        #expect(ambiguous.status == 2)
        #expect(ambiguous.stderr.contains("'finalize' matches"))
        #expect(ambiguous.stderr.contains("l-7d/finalize-launch-team"))
        #expect(ambiguous.stderr.contains("l-7d/finalize-monitoring"))
        let noToken = try cli.run("step", "done", "1", "initialize launch document")
        #expect(noToken.status == 2)
        let badToken = try cli.run("step", "done", "1", "initialize launch document", token: "not-a-token")
        #expect(badToken.status == 2)
        #expect(try cli.eventCount() == before)
    }

    @Test func foreignDatabaseIsRefusedAndLeftUnchanged() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        guard let binary = TestEnvironment.liftoffBinary else { return TestEnvironment.unavailable("the built liftoff binary") }
        guard let sqlite3 = TestEnvironment.sqlite3 else { return TestEnvironment.unavailable("the sqlite3 CLI") }
        let foreign = dir.appendingPathComponent("other.db").path
        #expect(try TestEnvironment.run(sqlite3, [foreign, "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine');"]).status == 0)
        let text = dir.appendingPathComponent("notes.txt").path
        try Data("just some text, long enough to be read as a header\n".utf8).write(to: URL(fileURLWithPath: text))
        for path in [foreign, text] {
            let before = try Data(contentsOf: URL(fileURLWithPath: path))
            let e = TestEnvironment.example("go-live")
            for args in [["launch", "list"], ["launch", "create", e.runbook, "--at", "2026-12-01T09:00", "--tz", "UTC", "--name", "x"]] {
                let out = try TestEnvironment.run(binary, args + ["--db", "sqlite:" + path])
                #expect(out.status == 2)
                #expect(out.stderr.contains("not Liftoff") || out.stderr.contains("not a Liftoff database"), "\(out.stderr)")
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before, "nothing written to \(path)")
        }
    }

    @Test func unwritablePathIsAClearInputError() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        guard let binary = TestEnvironment.liftoffBinary else { return TestEnvironment.unavailable("the built liftoff binary") }
        // A path below a regular file cannot be created, even by root.
        let file = dir.appendingPathComponent("plain")
        try Data("x".utf8).write(to: file)
        let path = file.appendingPathComponent("l.db").path
        let e = TestEnvironment.example("go-live")
        let out = try TestEnvironment.run(binary, ["launch", "create", e.runbook, "--at", "2026-12-01T09:00", "--tz", "UTC", "--name", "x", "--db", "sqlite:" + path])
        #expect(out.status == 2)
        #expect(out.stderr.contains("cannot open or create the database"), "\(out.stderr)")
        // A read-only directory (when not running as root, which ignores permissions).
        if getuid() != 0 {
            let ro = dir.appendingPathComponent("ro")
            try FileManager.default.createDirectory(at: ro, withIntermediateDirectories: true)
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: ro.path)
            let denied = try TestEnvironment.run(binary, ["launch", "create", e.runbook, "--at", "2026-12-01T09:00", "--tz", "UTC", "--name", "x", "--db", "sqlite:" + ro.appendingPathComponent("l.db").path])
            #expect(denied.status == 2)
            #expect(!FileManager.default.fileExists(atPath: ro.appendingPathComponent("l.db").path))
        }
        // Reading a database that does not exist does not create it.
        let missing = dir.appendingPathComponent("missing.db").path
        let list = try TestEnvironment.run(binary, ["launch", "list", "--db", "sqlite:" + missing])
        #expect(list.status == 2)
        #expect(!FileManager.default.fileExists(atPath: missing))
    }
}
