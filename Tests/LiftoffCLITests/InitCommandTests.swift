import Foundation
import LiftoffTestSupport
import Testing

/// `liftoff init` as a newcomer runs it: each starter lints clean with its vars file, and an
/// existing runbook is never overwritten by accident. (The rehearsal of each starter is in
/// Tests/LiftoffDemoTests/StarterTemplateDemoTests.swift.)
struct InitCommandTests {
    @Test(arguments: ["go-live", "blue-green", "feature-launch"])
    func eachStarterLintsCleanWithItsVars(_ template: String) throws {
        let folder = try LiftoffBinary.temporaryDirectory()
        let written = try LiftoffBinary.run(["init", "--template", template], cwd: folder)
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stdout.contains("runbook.md") && written.stdout.contains("vars.yaml"), "\(written.stdout)")

        let lint = try LiftoffBinary.run(["lint", "runbook.md", "--vars", "vars.yaml"], cwd: folder)
        #expect(lint.status == 0, "\(lint.stdout)\(lint.stderr)")
        #expect(lint.stderr.contains("0 errors, 0 warnings, 0 notes"), "\(lint.stdout)\(lint.stderr)")

        // Every shape the starter is there to show, as Liftoff read it.
        let read = try LiftoffBinary.run(["lint", "runbook.md", "--vars", "vars.yaml", "--format", "json"], cwd: folder)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(read.stdout.utf8)) as? [String: Any], "\(read.stdout)")
        func list(_ key: String) -> [[String: Any]] { json[key] as? [[String: Any]] ?? [] }
        #expect(list("diagnostics").isEmpty, "\(list("diagnostics"))")
        #expect(list("phases").count >= 4 && list("phases").contains { $0["start"] as? Int == 0 }, "phases on T-0: \(list("phases"))")
        #expect(list("phases").filter { $0["owner"] is String }.count >= 3, "owners: \(list("phases"))")
        #expect(list("gates").count == 1 && (list("gates").first?["roles"] as? [String] ?? []).count >= 2, "a gate with its approvers: \(list("gates"))")
        #expect(list("triggers").contains { $0["action"] as? String == "rollback" }, "a rollback criterion: \(list("triggers"))")
        #expect(list("commands").filter { $0["section"] as? String == "rollback" }.count >= 2, "rollback commands: \(list("commands"))")
        #expect(list("annotations").count >= 4, "checks and the shift: \(list("annotations"))")
        // The starter is the user's to edit: its own text, not an example's.
        #expect(try String(contentsOf: folder.appendingPathComponent("runbook.md"), encoding: .utf8).contains("A starter runbook from `liftoff init`"))
    }

    @Test func anExistingRunbookIsKeptUnlessForced() throws {
        let folder = try LiftoffBinary.temporaryDirectory()
        let runbook = folder.appendingPathComponent("runbook.md")
        try Data("# Ours\n".utf8).write(to: runbook)

        let refused = try LiftoffBinary.run(["init", "--template", "blue-green"], cwd: folder)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("runbook.md") && refused.stderr.contains("--force"), "\(refused.stderr)")
        #expect(try String(contentsOf: runbook, encoding: .utf8) == "# Ours\n", "the runbook was left as it was")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("vars.yaml").path), "nothing written on a refusal")

        let forced = try LiftoffBinary.run(["init", "--template", "blue-green", "--force"], cwd: folder)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try String(contentsOf: runbook, encoding: .utf8).hasPrefix("# Blue-green deployment"))
    }

    @Test func anUnknownTemplateIsAUsageErrorNamingTheChoices() throws {
        let folder = try LiftoffBinary.temporaryDirectory()
        let result = try LiftoffBinary.run(["init", "--template", "canary"], cwd: folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("go-live") && result.stderr.contains("feature-launch"), "\(result.stderr)")
    }
}
