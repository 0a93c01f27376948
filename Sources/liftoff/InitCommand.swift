import ArgumentParser
import Foundation

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a starter runbook and its vars file in the current folder.",
        discussion: """
        The runbook shows, in plain Markdown, what Liftoff reads: phases on T-0, owners, a \
        go/no-go gate, checks, a traffic shift and a rollback section with its criterion. It lints \
        clean and rehearses against a local sandbox as written:

          liftoff init --template blue-green
          liftoff lint runbook.md --vars vars.yaml
          liftoff demo --runbook runbook.md

        Existing files are left alone (exit 2) unless --force.
        """
    )

    @Option(help: "The kind of launch: \(StarterTemplate.allCases.map(\.rawValue).joined(separator: ", ")).")
    var template: StarterTemplate = .goLive

    @Option(help: "The folder to write into.")
    var directory: String = "."

    @Flag(help: "Overwrite runbook.md and vars.yaml when they exist.")
    var force = false

    func run() throws {
        let folder = URL(fileURLWithPath: directory, isDirectory: true)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CLIError.input("\(directory) is not a folder; create it first or pass another --directory")
        }
        let files = [("runbook.md", template.runbook), ("vars.yaml", template.vars)].map { (folder.appendingPathComponent($0.0), $0.1) }
        if !force {
            // Check both before writing either: a refusal leaves the folder as it was.
            let existing = files.map(\.0).filter { FileManager.default.fileExists(atPath: $0.path) }
            if !existing.isEmpty {
                throw CLIError.input("\(existing.map(\.path).joined(separator: " and ")) already exist\(existing.count == 1 ? "s" : ""); pass --force to overwrite, or --directory to write elsewhere")
            }
        }
        for (url, text) in files {
            do {
                try Data(text.utf8).write(to: url, options: force ? .atomic : .withoutOverwriting)
            } catch {
                throw CLIError.input("cannot write \(url.path): \(error.localizedDescription)")
            }
            print("wrote \(url.path)")
        }
        let prefix = directory == "." ? "" : folder.path + "/"
        Terminal.note("""
        next: liftoff lint \(prefix)runbook.md --vars \(prefix)vars.yaml
              liftoff demo --runbook \(prefix)runbook.md    (a rehearsal against a local sandbox)
        """)
    }
}
