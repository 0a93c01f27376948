import NIOCore
import Testing
@testable import LiftoffServer

/// The war room's changed parts travel as one SSE `event: panels` whose HTML is split over
/// `data:` lines; the browser joins them with LF, so what it gets back is the HTML with each
/// line break (CR, LF or CRLF, the only ones SSE knows) as LF, and nothing else changed.
@Suite struct PanelsFrameTests {
    static func frame(_ html: String) -> String {
        String(buffer: LiveRoutes.panelsFrame(html))
    }

    @Test func everyLineBreakSSEKnowsStartsADataLine() {
        #expect(Self.frame("<p>a</p>") == "event: panels\ndata: <p>a</p>\n\n")
        #expect(Self.frame("a\nb\r\nc\rd") == "event: panels\ndata: a\ndata: b\ndata: c\ndata: d\n\n")
        #expect(Self.frame("a\n\nb\n") == "event: panels\ndata: a\ndata: \ndata: b\ndata: \n\n")
        #expect(Self.frame("") == "event: panels\ndata: \n\n")
    }

    @Test func otherSeparatorsAndNonASCIIStayInTheirLine() {
        let html = "<p>Đã xong\u{2028}ok\u{0B}é</p>"
        #expect(Self.frame(html) == "event: panels\ndata: \(html)\n\n")
    }

    /// What an EventSource hands the page: the data lines joined with LF.
    @Test func theBrowserGetsTheHTMLBack() {
        let html = "<section id=\"now\">\n  <h2>Now</h2>\r\n  <ul><li>Ready</li></ul>\n</section>"
        let lines = Self.frame(html).split(separator: "\n", omittingEmptySubsequences: false)
            .filter { $0.hasPrefix("data: ") }.map { $0.dropFirst("data: ".count) }
        #expect(lines.joined(separator: "\n") == html.replacingOccurrences(of: "\r\n", with: "\n"))
    }
}
