import Foundation
import LiftoffTestSupport
import Testing

/// Finding 7 end to end: deleting the newest events left `verify` passing. A report kept from
/// before the cut, given to `verify --anchor`, catches it.
@Suite struct ChainAnchorCLITests {
    @Test func aCutTailIsCaughtByAnAnchorFromAKeptReport() throws {
        guard let sqlite3 = TestEnvironment.sqlite3 else { return TestEnvironment.unavailable("sqlite3") }
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        guard let cli = CLI(dir: dir) else { return }
        let e = TestEnvironment.example("go-live")
        let created = try cli.run("launch", "create", e.runbook, "--vars", e.vars, "--at", "2026-12-01T09:00", "--tz", "Europe/Oslo", "--name", "x", "--mode", "rehearsal")
        #expect(created.status == 0, "\(created.stderr)")
        let admin = try cli.addUser("ada", roles: [], admin: true)
        for i in 0..<3 { #expect(try cli.run("note", "add", "1", "note \(i)", token: admin).status == 0) }
        let early = dir.appendingPathComponent("early.md").path
        #expect(try cli.run("report", "1", "--format", "md", "--output", early).status == 0)
        for i in 3..<6 { #expect(try cli.run("note", "add", "1", "note \(i)", token: admin).status == 0) }
        let json = dir.appendingPathComponent("report.json").path
        #expect(try cli.run("report", "1", "--format", "json", "--output", json).status == 0)
        let html = dir.appendingPathComponent("report.html").path
        #expect(try cli.run("report", "1", "--format", "html", "--output", html).status == 0)
        let text = try String(contentsOfFile: json, encoding: .utf8)
        #expect(text.contains("\"anchor\":"), "the report names its anchor")

        for file in [early, json, html] {
            let intact = try cli.run("verify", "1", "--anchor", file)
            #expect(intact.status == 0, "\(file): \(intact.stdout) \(intact.stderr)")
            #expect(intact.stdout.contains("holds"))
        }
        let count = try cli.eventCount()
        let path = String(cli.db.dropFirst("sqlite:".count))
        let cut = try TestEnvironment.run(sqlite3, [path, "DELETE FROM events WHERE launch_id = 1 AND seq > \(count - 2)"])
        #expect(cut.status == 0, "\(cut.stderr)")

        #expect(try cli.run("verify", "1").status == 0, "the chain alone cannot see a cut tail")
        for file in [json, html] {
            let caught = try cli.run("verify", "1", "--anchor", file)
            #expect(caught.status == 1, "\(file): \(caught.stdout)")
            #expect(caught.stdout.contains("FAILS") && caught.stdout.contains("cut"), "\(caught.stdout)")
        }
        let report = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        let anchor = (report?["integrity"] as? [String: Any])?["anchor"] as? String ?? ""
        #expect(try cli.run("verify", "1", "--anchor", anchor).status == 1, "given as SEQ:HASH")
        #expect(try cli.run("verify", "1", "--anchor", String(anchor.split(separator: ":").last ?? "")).status == 1, "given as a bare hash")
        #expect(try cli.run("verify", "1", "--anchor", early).status == 0, "an anchor from before the cut still holds")
        #expect(try cli.run("verify", "1", "--anchor", "not-an-anchor").status == 2)
    }
}
