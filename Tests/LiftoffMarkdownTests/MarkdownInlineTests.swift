import Testing
@testable import LiftoffMarkdown

/// Pins inline parsing: emphasis edge cases, code spans, links, autolinks, HTML, breaks.
struct MarkdownInlineTests {
    private func parse(_ s: String) -> [Inline] { InlineParser.parse(s) }

    @Test func emphasisAndStrong() {
        #expect(parse("*a* _b_ **c** __d__") == [
            .emphasis([.text("a")]), .text(" "), .emphasis([.text("b")]), .text(" "),
            .strong([.text("c")]), .text(" "), .strong([.text("d")]),
        ])
        #expect(parse("***both***") == [.emphasis([.strong([.text("both")])])])
        #expect(parse("*a **b** c*") == [.emphasis([.text("a "), .strong([.text("b")]), .text(" c")])])
    }

    @Test func malformedEmphasisDegradesToText() {
        #expect(parse("**a*") == [.text("*"), .emphasis([.text("a")])])
        #expect(parse("a * b * c") == [.text("a * b * c")])
        #expect(parse("snake_case_name") == [.text("snake_case_name")])
        #expect(parse("*foo**bar**baz*") == [.emphasis([.text("foo"), .strong([.text("bar")]), .text("baz")])])
        #expect(parse("**unclosed") == [.text("**unclosed")])
        #expect(parse("_") == [.text("_")])
    }

    @Test func ruleOfThree() {
        // CommonMark example: *foo**bar* is one emphasis, not strong.
        #expect(parse("*foo**bar*") == [.emphasis([.text("foo**bar")])])
    }

    @Test func strikethroughNeedsEqualRuns() {
        #expect(parse("~~gone~~ ~one~ ~~~three~~~") == [
            .strikethrough([.text("gone")]), .text(" "), .strikethrough([.text("one")]), .text(" ~~~three~~~"),
        ])
    }

    @Test func codeSpans() {
        #expect(parse("`a` ``b ` c`` ` d `") == [.code("a"), .text(" "), .code("b ` c"), .text(" "), .code("d")])
        #expect(parse("`unclosed") == [.text("`unclosed")])
        #expect(parse("`{{DOMAIN}}` *x*") == [.code("{{DOMAIN}}"), .text(" "), .emphasis([.text("x")])])
        #expect(parse("`line\nbreak`") == [.code("line break")])
        // An unmatched long opener must not hide later spans (cmark-gfm 0.29 leaves `d` as text here).
        #expect(parse("```a `b` c `d` e") == [.text("```a "), .code("b"), .text(" c "), .code("d"), .text(" e")])
    }

    @Test func backslashEscapesAndEntities() {
        #expect(parse("\\*not\\* \\a") == [.text("*not* \\a")])
        #expect(parse("&amp; &lt;&gt; &quot; &#123; &#x1F600; &copy; &bogus;") == [.text("& <> \" { 😀 © &bogus;")])
        #expect(parse("&#0;") == [.text("\u{FFFD}")])
        #expect(parse("a\u{0}b") == [.text("a\u{FFFD}b")])
    }

    @Test func linksAndImages() {
        #expect(parse("[docs](https://x.io/a \"T\")") == [.link(text: [.text("docs")], destination: "https://x.io/a", title: "T")])
        #expect(parse("![alt *x*](img.png)") == [.image(alt: [.text("alt "), .emphasis([.text("x")])], destination: "img.png", title: nil)])
        #expect(parse("[a](<b c>)") == [.link(text: [.text("a")], destination: "b c", title: nil)])
        #expect(parse("[no link]") == [.text("[no link]")])
        #expect(parse("[outer [inner](i)](o)") == [.text("[outer "), .link(text: [.text("inner")], destination: "i", title: nil), .text("](o)")])
        #expect(parse("[CHANGE] tag") == [.text("[CHANGE] tag")])
    }

    @Test func referenceLinksResolveThroughTheMap() {
        let refs = ["ref": LinkSyntax.Reference(destination: "/r", title: nil)]
        #expect(InlineParser.parse("[a][ref] [Ref] [ref][] [a][none]", references: refs) == [
            .link(text: [.text("a")], destination: "/r", title: nil), .text(" "),
            .link(text: [.text("Ref")], destination: "/r", title: nil), .text(" "),
            .link(text: [.text("ref")], destination: "/r", title: nil), .text(" [a][none]"),
        ])
    }

    @Test func autolinksAndBareURLs() {
        #expect(parse("<https://x.io/p?q=1> <ops@x.io>") == [.autolink("https://x.io/p?q=1"), .text(" "), .autolink("ops@x.io")])
        #expect(parse("see https://status.x.io/now. and www.x.io, ok") == [
            .text("see "), .autolink("https://status.x.io/now"), .text(". and "), .autolink("www.x.io"), .text(", ok"),
        ])
        #expect(parse("(https://x.io/a_(b))") == [.text("("), .autolink("https://x.io/a_(b)"), .text(")")])
        #expect(parse("nohttps://x") == [.text("nohttps://x")])
    }

    @Test func rawHTMLAndComments() {
        #expect(parse("- ok <!-- liftoff: check tls {{DOMAIN}}:443 --> done") == [
            .text("- ok "), .html("<!-- liftoff: check tls {{DOMAIN}}:443 -->"), .text(" done"),
        ])
        #expect(parse("a <span class=\"x\">b</span> <name> 1 < 2") == [
            .text("a "), .html("<span class=\"x\">"), .text("b"), .html("</span>"), .text(" "), .html("<name>"), .text(" 1 < 2"),
        ])
        #expect(parse("<!-- open") == [.text("<!-- open")])
    }

    @Test func hardAndSoftBreaks() {
        #expect(parse("a  \nb\\\nc\nd") == [.text("a"), .lineBreak, .text("b"), .lineBreak, .text("c"), .softBreak, .text("d")])
        #expect(parse("trailing  ") == [.text("trailing")])
    }

    @Test func emojiShortcodesAndPlaceholdersAreText() {
        #expect(parse(":wrench: {{OWNER}} ${var}") == [.text(":wrench: {{OWNER}} ${var}")])
    }

    @Test func plainTextDropsMarkup() {
        #expect(parse("**Owner:** SRE <!-- x --> `cmd`").plainText == "Owner: SRE  cmd")
    }

    @Test func pathologicalInputsStayFast() {
        let clock = ContinuousClock()
        let inputs = [
            String(repeating: "*", count: 50_000),
            String(repeating: "*a ", count: 20_000) + String(repeating: "a* ", count: 20_000),
            String(repeating: "`", count: 10_000) + String(repeating: "x`` ", count: 5_000),
            String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000),
            String(repeating: "[a](b ", count: 5_000),
            String(repeating: "[a](b \"", count: 20_000),
            String(repeating: "[a](<b ", count: 20_000),
            String(repeating: "[a]: b\n", count: 1) + String(repeating: "[a] ", count: 20_000),
            String(repeating: "<!--", count: 20_000),
            String(repeating: "<a href=\"", count: 10_000),
            String(repeating: "_a_ ", count: 20_000),
            String(repeating: "![", count: 10_000) + "x" + String(repeating: "](y)", count: 10_000),
            "https://x.io/" + String(repeating: ")", count: 50_000),
        ]
        for input in inputs {
            let elapsed = clock.measure { _ = InlineParser.parse(input) }
            #expect(elapsed < .seconds(5), "slow on \(input.prefix(20))…: \(elapsed)")
        }
    }
}
