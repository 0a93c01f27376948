// libFuzzer entry point for the Markdown parser (see docs/fuzzing.md).
// Built with -DFUZZING (and -sanitize=fuzzer) libFuzzer drives `fuzz`; otherwise this is a
// corpus replayer: it parses every file named on the command line, prints nothing, exits 0.
import Foundation
import LiftoffKit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = MarkdownParser.parse(text)
    return 0
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
    _ = MarkdownParser.parse(String(decoding: data, as: UTF8.self))
}
#endif
