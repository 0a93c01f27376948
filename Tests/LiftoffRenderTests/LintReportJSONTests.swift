import Foundation
@testable import LiftoffKit
import LiftoffKitFixtures
@testable import LiftoffRender
import Testing

/// `LintReport.json()` writes straight to bytes; it must stay byte for byte what the
/// `JSONValue` tree gives (`jsonValue.prettySerialized()`), on every seed and corpus runbook,
/// with and without a schedule, and on the awkward strings and numbers.
@Suite struct LintReportJSONTests {
    @Test(arguments: Fixtures.allRunbookFiles)
    func directWriterMatchesTheTree(_ url: URL) {
        let text = Fixtures.text(url)
        let runbook = RunbookExtractor.extract(text, file: url.lastPathComponent)
        var report = LintReport(runbook: runbook, diagnostics: Linter.lint(runbook))
        #expect(report.json() == report.jsonValue.prettySerialized(), "\(url.lastPathComponent)")
        report.schedule(runbook: runbook, t0: Date(timeIntervalSince1970: 1_796_000_000), timeZone: TimeZone(identifier: "Europe/Oslo") ?? .gmt)
        #expect(report.json() == report.jsonValue.prettySerialized(), "\(url.lastPathComponent), scheduled")
    }

    /// `lint --format json` writes the report in chunks as it is made; the chunks, whatever
    /// their size, are the same bytes as the whole document (a multi-byte character may be split
    /// between two of them, which is fine for a byte stream).
    @Test(arguments: [1, 7, 4096, 1 << 20])
    func streamedChunksAreTheWholeDocument(_ chunkSize: Int) throws {
        let url = try #require(Fixtures.allRunbookFiles.first)
        let runbook = RunbookExtractor.extract(Fixtures.text(url), file: url.lastPathComponent)
        let report = LintReport(runbook: runbook, diagnostics: Linter.lint(runbook))
        var chunks: [[UInt8]] = []
        report.writeJSON(chunkSize: chunkSize) { chunks.append($0) }
        #expect(chunks.flatMap { $0 } == Array(report.json().utf8))
        if chunkSize < 4096 { #expect(chunks.count > 1) } else if chunkSize == 1 << 20 { #expect(chunks.count == 1) }
    }

    @Test func escapesEmptiesAndNumbers() {
        let source = """
        # Quotes "and" back\\slash\tand é, 😀 and a\u{1}control

        ## T-2h: Freeze

        - [ ] Say "hi" \\ {{NAME}} <!-- liftoff: check http GET https://x/ expect status 200 -->

        ## Rollback

        - Error rate > 1.5% for 5m: roll back
        - p99 latency > 400ms
        """
        let runbook = RunbookExtractor.extract(source, file: "we\"ird\\name.md")
        let report = LintReport(runbook: runbook, diagnostics: Linter.lint(runbook))
        #expect(report.json() == report.jsonValue.prettySerialized())

        let empty = LintReport(runbook: RunbookExtractor.extract("", file: "empty.md"), diagnostics: [])
        #expect(empty.json() == empty.jsonValue.prettySerialized())
    }

    @Test func integersAndDoublesAsTheTreeWritesThem() {
        for i: Int64 in [0, 1, -1, 9, 10, -10, 1234567890, .max, .min, .max - 1, .min + 1] {
            #expect(JSONValue.int(i).prettySerialized() == "\(i)\n")
        }
        for d in [0.0, -0.0, 1.5, 2, -3, 1e15, 1e16, 0.1, .infinity, .nan] {
            var bytes: [UInt8] = []
            JSONValue.writeDouble(d, into: &bytes)
            let expected = !d.isFinite ? "null" : (d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : "\(d)")
            #expect(String(decoding: bytes, as: UTF8.self) == expected)
        }
    }
}
