// libFuzzer entry point for everything that reads a runbook: the Markdown parser, runbook
// extraction, lint, plan and the HTML renderer (see docs/fuzzing.md).
// Built with -DFUZZING (and -sanitize=fuzzer) libFuzzer drives `fuzz`; otherwise this is a
// corpus replayer: it reads every file named on the command line, prints nothing, exits 0.
import Foundation
import LiftoffKit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    exercise(String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self))
    return 0
}

func exercise(_ text: String) {
    let runbook = RunbookExtractor.extract(text, file: "fuzz.md")
    let diagnostics = Linter.lint(runbook, vars: LaunchVariables(values: ["DOMAIN": "example.com"]))
    _ = LintReport(runbook: runbook, diagnostics: diagnostics).json()
    _ = Plan(runbook: runbook, t0: Date(timeIntervalSince1970: 1_796_112_000), timeZone: TimeZone(identifier: "Europe/Oslo") ?? .gmt).text()
    _ = HTMLRenderer.page(text, title: runbook.title, vars: nil)
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
