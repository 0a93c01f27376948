import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import LiftoffMarkdown

/// Property tests: any text parses, and the tree keeps its invariants (positions inside the
/// file, `endLine >= line`, children in source order).
struct MarkdownRobustnessTests {

    static let fragments = [
        "# ", "## ", "###### ", "####### ", "> ", ">", "- ", "* ", "+ ", "1. ", "2) ", "999999999999. ", "-", "---", "***",
        "===", "| ", "|", "|---|", "| :-- | --: |", "\\|", "```", "```bash", "~~~", "    ", "\t", "  ", " ",
        "<!--", "-->", "<div>", "</div>", "<script>", "[ ] ", "[x] ", "[X]", "[", "]", "](", ")", "(", "![",
        "`", "``", "*", "**", "_", "__", "~~", "&amp;", "&#x1F600;", "&", "\\", "<https://x.io>", "https://a.b/c",
        "www.x.io", "<a href=\"x\">", "{{DOMAIN}}", ":wrench:", "✅", "é", "🚀", "\u{0301}", "\u{FEFF}", "\r", "\r\n",
        "text", "Owner: SRE", "T-7 days", "[ref]: /url \"t\"", "[ref]", "\n", "\n", "\n", "\n\n",
    ]

    static let realLines = [
        "- [ ] **SRE Lead**: Verify DNS TTL lowered to 60s <!-- liftoff: check dns -->",
        "| Time | Action | Owner |", "|------|--------|-------|", "| T-0 | Flip traffic | SRE |",
        "### Phase 2: Cutover (T-0)", "```bash", "kubectl rollout status deploy/api", "```",
        "> **Note:** rollback if error rate > 1% for 5 minutes", "1. Announce freeze in #launch",
        "\t- [x] Tab-indented done item", "Required approvals from:", "  - Engineering Lead",
    ]

    static func randomDocument(_ rng: inout SplitMix64, seeds: [String]) -> String {
        var out = ""
        let pieces = Int(rng.next() % 60)
        for _ in 0..<pieces {
            switch rng.next() % 10 {
            case 0..<6: out += fragments[Int(rng.next() % UInt64(fragments.count))]
            case 6..<8: out += realLines[Int(rng.next() % UInt64(realLines.count))] + "\n"
            case 8:
                if let seed = seeds.randomElement(using: &rng), !seed.isEmpty {
                    let scalars = Array(seed.unicodeScalars)
                    let start = Int(rng.next() % UInt64(scalars.count))
                    let length = Int(rng.next() % 400)
                    out += String(String.UnicodeScalarView(scalars[start..<min(scalars.count, start + length)]))
                }
            default:
                let scalar = Unicode.Scalar(UInt32(rng.next() % 0x2FFF)) ?? "?"
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func seedTexts() -> [String] {
        SharedFixtures.markdownFiles().compactMap { try? String(contentsOfFile: $0, encoding: .utf8) }
    }

    /// Checks the invariants and returns the first violation.
    static func violation(in document: BlockNode, lineCount: Int) -> String? {
        var stack: [(BlockNode, Int)] = [(document, 0)]
        while let (node, depth) = stack.popLast() {
            let p = node.position
            if p.line < 1 || p.line > max(1, lineCount) { return "line \(p.line) out of 1...\(lineCount) in \(node.kind)" }
            if p.column < 1 { return "column \(p.column) in \(node.kind)" }
            if node.endLine < p.line { return "endLine \(node.endLine) < \(p.line) in \(node.kind)" }
            if node.endLine > max(1, lineCount) { return "endLine \(node.endLine) past \(lineCount)" }
            for line in node.lines where line.position.line < p.line || line.position.line > node.endLine {
                return "source line \(line.position) outside \(p.line)...\(node.endLine) in \(node.kind)"
            }
            for (a, b) in zip(node.children, node.children.dropFirst()) where !(a.position < b.position) || b.position.line < a.endLine {
                return "children out of order: \(a.position)-\(a.endLine) then \(b.position) in \(node.kind)"
            }
            for child in node.children where child.position < p && node.kind != .document {
                return "child \(child.position) before parent \(p)"
            }
            if depth > BlockParser.maxDepth + 2 { return "depth \(depth)" }
            stack.append(contentsOf: node.children.map { ($0, depth + 1) })
        }
        return nil
    }

    static func lineCount(_ text: String) -> Int { LineScanner.lines(of: text).count }

    @Test func randomDocumentsParseWithInvariants() {
        let seeds = Self.seedTexts()
        var rng = SplitMix64(state: 0x5EED_1F70_FF00_0001)
        for n in 0..<3_000 {
            let text = Self.randomDocument(&rng, seeds: seeds)
            let document = MarkdownParser.parse(text)
            if let problem = Self.violation(in: document, lineCount: Self.lineCount(text)) {
                Issue.record("document \(n): \(problem)\n---\n\(text.debugDescription)")
                return
            }
        }
    }

    @Test func everyPrefixOfEverySeedParses() {
        for text in Self.seedTexts() {
            let scalars = Array(text.unicodeScalars)
            let step = max(1, scalars.count / 200)
            for cut in stride(from: 0, through: scalars.count, by: step) {
                let prefix = String(String.UnicodeScalarView(scalars[0..<cut]))
                let document = MarkdownParser.parse(prefix)
                if let problem = Self.violation(in: document, lineCount: Self.lineCount(prefix)) {
                    Issue.record("prefix \(cut): \(problem)")
                    return
                }
            }
        }
    }

    /// CPU time of this thread, so a busy shared machine does not fail the test.
    static func threadCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// 5 MB of real runbooks. The budget (under a second) holds for release builds:
    /// `swift test -c release --scratch-path .build-md --filter fiveMegabyteRunbookParsesQuickly`.
    @Test func fiveMegabyteRunbookParsesQuickly() {
        let seeds = Self.seedTexts()
        guard !seeds.isEmpty else { return }
        var text = ""
        while text.utf8.count < 5_000_000 {
            for seed in seeds { text += seed + "\n\n" }
        }
        let start = Self.threadCPUSeconds()
        let document = MarkdownParser.parse(text)
        let seconds = Self.threadCPUSeconds() - start
        #expect(document.children.count > 1_000)
        #if DEBUG
        #expect(seconds < 60, "debug parse of 5 MB took \(seconds) s")
        #else
        #expect(seconds < 1.0, "release parse of 5 MB took \(seconds) s")
        #endif
    }

    @Test func hostileInputsDoNotCrash() {
        let inputs = [
            String(repeating: ">", count: 10_000),
            String(repeating: "> - ", count: 3_000) + "x",
            String(repeating: "[", count: 10_000),
            String(repeating: "*", count: 10_000) + "a" + String(repeating: "*", count: 10_000),
            String(repeating: "*a ", count: 5_000) + String(repeating: "a* ", count: 5_000),
            String(repeating: "![", count: 3_000) + "x" + String(repeating: "](y)", count: 3_000),
            String(repeating: "    - ", count: 2_000),
            String(repeating: "\t", count: 1_000) + "x",
            String(repeating: "1. ", count: 5_000),
            String(repeating: "|", count: 10_000) + "\n" + String(repeating: "-|", count: 5_000),
            String(repeating: "<!--\n", count: 2_000),
            "- [ ]", "[x]", "|\n|-|", "```", "\r\r\r", "\u{FEFF}---\n---", "---\n...",
        ]
        for input in inputs {
            let document = MarkdownParser.parse(input)
            #expect(Self.violation(in: document, lineCount: Self.lineCount(input)) == nil)
        }
    }
}
