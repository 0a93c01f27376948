// libFuzzer entry point for everything Liftoff reads from a runbook or a vars file (see
// docs/fuzzing.md). LIFTOFF_FUZZ_TARGET picks what an input is fed to:
//   runbook (default)  the Markdown parser, runbook extraction, lint, plan and the Markdown → HTML
//                      renderer (as `render` and as the war room use it)
//   check              the check language
//   trigger            the trigger language and trigger sentences
//   time               time anchors, relative phrases and durations
//   vars               the vars file
//   shell              the shell lexer behind `{{VARS}}` in commands
// Built with -DFUZZING (and -sanitize=fuzzer) libFuzzer drives `fuzz`; otherwise this is a
// corpus replayer: it reads every file named on the command line, prints nothing, exits 0.
import Foundation
import LiftoffKit
import LiftoffMarkdown
import LiftoffRender

let target = ProcessInfo.processInfo.environment["LIFTOFF_FUZZ_TARGET"] ?? "runbook"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    exercise(String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self))
    return 0
}

func exercise(_ text: String) {
    switch target {
    case "check": exerciseCheck(text)
    case "trigger": exerciseTrigger(text)
    case "time": exerciseTime(text)
    case "vars": exerciseVars(text)
    case "shell": exerciseShell(text)
    default: exerciseRunbook(text)
    }
}

func exerciseRunbook(_ text: String) {
    let runbook = RunbookExtractor.extract(text, file: "fuzz.md")
    let diagnostics = Linter.lint(runbook, vars: LaunchVariables(values: ["DOMAIN": "example.com"]))
    _ = LintReport(runbook: runbook, diagnostics: diagnostics).json()
    _ = Plan(runbook: runbook, t0: Date(timeIntervalSince1970: 1_796_112_000), timeZone: TimeZone(identifier: "Europe/Oslo") ?? .gmt).text()
    _ = HTMLRenderer.page(text, title: runbook.title, vars: nil)
    _ = MarkdownHTML.render(text, values: ["DOMAIN": "example.com"], options: .embedded)
}

let fuzzVars = LaunchVariables(values: ["DOMAIN": "example.com", "TOKEN": "env:FUZZ_TOKEN", "N": "5"])

func exerciseCheck(_ text: String) {
    let context = CheckParser.Context(file: "fuzz.md", position: SourcePosition(line: 1, column: 1), section: 0, step: nil, origin: .annotation, id: "f#1")
    for parser in [CheckParser(vars: fuzzVars), CheckParser(vars: nil)] {
        if let check = try? parser.parse(text, context: context) {
            _ = check.revealing(["TOKEN": "s3cr3t"])
            _ = check.target.display
        }
    }
}

func exerciseTrigger(_ text: String) {
    _ = try? TriggerParser(values: ["N": "5"]).parse(text, context: .init(file: "fuzz.md", position: SourcePosition(line: 1, column: 1)))
    _ = TriggerParser.isTrigger(text)
    _ = TriggerParser.quantity(text)
}

func exerciseTime(_ text: String) {
    _ = TimeAnchorParser.parseLeading(Substring(text))
    _ = TimeAnchorParser.findAnywhere(text)
    _ = TimeAnchorParser.findRelativePhrase(text)
    _ = DurationParser.parse(text)
    _ = DurationParser.parsePrefix(Substring(text))
}

func exerciseVars(_ text: String) {
    guard let vars = try? LaunchVariables.parse(text, file: "vars.yaml") else { return }
    _ = PreparedCommand("echo {{X}} \"{{Y}}\"", variables: vars, environment: ["FUZZ": text])
}

func exerciseShell(_ text: String) {
    let template = ShellTemplate(text)
    _ = template.environment(["X": text])
    _ = SecretMasker(secrets: ["s3cr3t", "p@ss w'rd"]).mask(text)
    _ = SecretMasker(secrets: ["s3cr3t"]).safePrefix(text, maxBytes: text.utf8.count / 2)
}

#if FUZZING
// main.swift always defines `main`, which hides libFuzzer's own; hand control to its driver.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(runFuzzerDriver(&argc, &argv) { data, size in fuzz(data, size) })
#else
for path in CommandLine.arguments.dropFirst() {
    guard let data = FileManager.default.contents(atPath: path) else { continue }
    exercise(String(decoding: data, as: UTF8.self))
}
#endif
