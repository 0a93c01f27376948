import ArgumentParser
import LiftoffKit
import LiftoffRender

enum RenderFormat: String, ExpressibleByArgument, CaseIterable {
    case md, html
}

struct RenderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Write the runbook with its variables filled, as Markdown or a standalone HTML page.",
        discussion: """
        Code blocks stay as written (commands are filled only where they run) and secrets
        (env:NAME values) are never written out. HTML output is escaped and sanitised: runbook
        text is untrusted, so raw HTML in it is shown, never run.

          liftoff render runbook.md --vars vars.yaml --format html --output runbook.html
        """
    )

    @Argument(help: "The runbook (Markdown).")
    var file: String

    @Option(help: "Variables file (YAML).")
    var vars: String?

    @Option(help: "md or html.")
    var format: RenderFormat = .md

    @Option(help: "Write to this file instead of standard output.")
    var output: String?

    func run() async throws {
        let text = try InputFiles.readText(file)
        let variables = try InputFiles.vars(vars) ?? LaunchVariables()
        let runbook = RunbookExtractor.extract(text, file: file)
        let missing = runbook.placeholders.filter { variables.values[$0.name] == nil }.map(\.name)
        if !missing.isEmpty {
            Terminal.note("note: \(missing.count) variables have no value and stay as {{NAME}}: \(missing.prefix(10).joined(separator: ", "))\(missing.count > 10 ? ", …" : "")")
        }
        switch format {
        case .md:
            try InputFiles.write(MarkdownFiller.fill(text, vars: variables), to: output)
        case .html:
            let title = runbook.title.map { PlaceholderScanner.fill($0, variables) }
            try InputFiles.write(HTMLRenderer.page(text, title: title, vars: variables), to: output)
        }
    }
}
