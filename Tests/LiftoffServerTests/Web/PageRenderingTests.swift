import Foundation
import LiftoffKit
import LiftoffRender
@testable import LiftoffServer
import Testing

@Suite struct HTMLBuilderTests {
    @Test func textAndAttributesAreEscaped() {
        let html = HTML.element("a", [.attr("title", #"x" onmouseover="alert(1)"#), .href("/ok")], [.text("<b>&'\"")])
        #expect(html.rendered == #"<a title="x&quot; onmouseover=&quot;alert(1)" href="/ok">&lt;b&gt;&amp;&#39;&quot;</a>"#)
    }

    @Test func handlerAndStyleAttributesAreNeverEmitted() {
        let html = HTML.element("p", [.attr("onclick", "alert(1)"), .attr("ONLOAD", "alert(1)"), .attr("Style", "color:red"),
                                      .attr("bad name", "x"), .attr("x\"y", "z"), .class("ok"), .attr("viewBox", "0 0 1 1")])
        #expect(html.rendered == #"<p class="ok" viewBox="0 0 1 1"></p>"#)
    }

    @Test(arguments: [
        ("javascript:alert(1)", "#"), ("JaVaScRiPt:alert(1)", "#"), (" java\tscript:alert(1)", "#"),
        ("data:text/html,<script>alert(1)</script>", "#"), ("vbscript:x", "#"),
        ("https://example.com/a?b=c:d", "https://example.com/a?b=c:d"), ("mailto:a@b.c", "mailto:a@b.c"),
        ("/launches/1", "/launches/1"), ("docs/x.md#a:b", "docs/x.md#a:b"),
    ])
    func linksKeepOnlySafeSchemes(url: String, expected: String) {
        #expect(SafeURL.filter(url) == expected)
    }

    @Test func loginRedirectsOnlyToLocalPaths() {
        #expect(SafeURL.localPath("/launches/2") == "/launches/2")
        #expect(SafeURL.localPath("//evil.example") == nil)
        #expect(SafeURL.localPath("/\\evil.example") == nil)
        #expect(SafeURL.localPath("https://evil.example") == nil)
        #expect(SafeURL.localPath("/x\r\nSet-Cookie: a=b") == nil)
        #expect(SafeURL.localPath(nil) == nil)
    }
}

@Suite struct WarRoomPageTests {
    /// A runbook whose step text, prose, links and notes try to run script.
    static let hostileRunbook = """
    # Hostile <script>alert(1)</script> launch

    Read [the guide](javascript:alert(1)) and [this](JAVASCRIPT:alert(2)) first. <img src=x onerror=alert(1)>

    <script>alert(1)</script>

    ## T-1h: Go/No-Go

    Required approvals from:

    - Engineering Lead

    ## T-0: Deploy

    - [ ] Deploy <script>alert(1)</script> now
    - [ ] Check <img src=x onerror=alert(1)> the [dashboard](javascript:alert(1))
    """

    @Test func hostileRunbookTextRendersInert() throws {
        var f = WebFixture(runbook: Self.hostileRunbook)
        let deploy = try #require(try f.state.runbook.steps.first { $0.text.hasPrefix("Deploy") })
        try f.run(.overrideGate(gate: "t-1h-go-no-go", reason: "test"), as: WebFixture.admin)
        try f.run(.markStep(step: deploy.id, mark: .done, note: "<script>alert(1)</script>"), as: WebFixture.admin)
        try f.run(.addNote("<img src=x onerror=alert(1)>"), as: WebFixture.lead)
        try f.post(.red, "<script>alert(1)</script> <a href=\"javascript:alert(1)\">x</a>")
        let page = try f.warRoom(as: WebFixture.admin)
        for hostile in WebFixture.hostile {
            #expect(!page.contains(hostile), "raw \(hostile) in page")
        }
        // No link or attribute keeps a javascript: target; such links point nowhere.
        #expect(page.webCaptures(#"(?i)(?:href|src|action)="([^"]*)""#).allSatisfy { !$0.lowercased().contains("javascript") })
        #expect(page.contains(##"<a href="#" rel="noopener noreferrer">the guide</a>"##))
        #expect(page.contains(##"<a href="#" rel="noopener noreferrer">dashboard</a>"##))
        #expect(!page.contains("<img"))
        #expect(!page.contains("onerror=alert(1)>"))
        // The text is still there for people to read, escaped.
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(page.contains("&lt;img src=x onerror=alert(1)&gt;"))
        // The only script is the page's own file.
        #expect(page.webCount(of: "<script") == 1)
        #expect(page.contains(#"<script src="/assets/warroom.js?v="#))
        #expect(!page.contains("style="))
        #expect(!page.contains(" onclick") && !page.contains(" onerror=\""))
    }

    @Test func runbookProseGetsVariablesButNeverSecrets() {
        let html = MarkdownHTML.render("Deploy to {{DOMAIN}} with {{TOKEN}}; see [docs](https://{{DOMAIN}}/x).",
                                       values: ["DOMAIN": "shop.example", "TOKEN": "env:DEPLOY_TOKEN"], options: .embedded).rendered
        #expect(html.contains("Deploy to shop.example with {{TOKEN}}"))
        #expect(html.contains(#"href="https://shop.example/x""#))
        #expect(!html.contains("DEPLOY_TOKEN"))
        let hostile = MarkdownHTML.render("{{X}}", values: ["X": "<script>alert(1)</script>"], options: .embedded).rendered
        #expect(hostile == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")
    }

    @Test func statusPageEscapesMessages() throws {
        var f = WebFixture()
        try f.publish(.inProgress, "<script>alert(1)</script><img src=x onerror=alert(1)>")
        let page = StatusPage(state: try f.state, now: f.now).render()
        for hostile in WebFixture.hostile { #expect(!page.contains(hostile)) }
        #expect(page.contains("&lt;script&gt;"))
        #expect(!page.contains("<script"))
    }

    @Test func roleHolderGetsFormsAndViewerGetsNone() throws {
        let f = WebFixture()
        let lead = try f.warRoom(as: WebFixture.lead)
        #expect(lead.contains(#"data-api="/api/v1/launches/1/marks""#))
        #expect(lead.contains(#"data-api="/api/v1/launches/1/votes""#))
        #expect(lead.contains(#"data-api="/api/v1/launches/1/status""#))
        #expect(lead.contains(#"name="_csrf" value="csrf-token-value""#))
        #expect(lead.contains(#"<meta name="csrf-token" content="csrf-token-value">"#))
        // Engineering Lead votes only as Engineering Lead; only admins override.
        #expect(lead.contains(#"<input type="hidden" name="role" value="Engineering Lead">"#))
        #expect(!lead.contains("Product Owner\">"))
        #expect(!lead.contains("/overrides"))

        let viewer = try f.warRoom(as: WebFixture.viewer)
        #expect(!viewer.contains("data-api="))
        #expect(!viewer.contains("<button type=\"submit\" name=\"mark\""))
        #expect(!viewer.contains("<textarea"))
        #expect(viewer.contains("Deploy the release"))

        let admin = try f.warRoom(as: WebFixture.admin)
        #expect(admin.contains(#"data-api="/api/v1/launches/1/overrides""#))
        // The admin holds no gate role here, so no vote form.
        #expect(!admin.contains(#"data-api="/api/v1/launches/1/votes""#))
    }

    @Test func everyStepHasAllFiveButtonsSoStateChangesDoNotMoveThePage() throws {
        var f = WebFixture()
        try f.run(.markStep(step: WebFixture.freeze, mark: .done, note: "done early"), as: WebFixture.lead)
        // The phase list (Now has its own, shorter forms).
        let whole = try f.warRoom(as: WebFixture.lead)
        let page = try #require(whole.components(separatedBy: #"<section id="steps""#).last?.components(separatedBy: #"<div class="secondary">"#).first)
        let steps = try f.state.runbook.steps.count
        for mark in StepMark.allCases {
            #expect(page.webCount(of: #"name="mark" value="\#(mark.rawValue)""#) == steps)
        }
        // Done is disabled on the done step, reopen on every pending one.
        #expect(page.contains(#"value="done" class="mark-done" disabled"#))
        #expect(page.webCount(of: #"value="reopened" class="mark-reopened" disabled"#) == steps - 1)
        #expect(page.contains("done by lee at 07:00: done early"))
    }

    @Test func everyControlHasALabel() throws {
        var f = WebFixture()
        try f.post(.green, "all good")
        let page = try f.warRoom(as: WebFixture.admin)
        let ids = page.webCaptures(#"<(?:input|textarea|select) (?:type="(?:text|radio)" )?id="([^"]+)""#)
        #expect(!ids.isEmpty)
        for id in ids {
            #expect(page.contains(#"<label for="\#(id)""#), "no label for #\(id)")
        }
        #expect(page.contains(#"<html lang="en">"#))
        #expect(page.contains("<main id=\"main\""))
        #expect(page.contains(#"aria-live="polite""#))
    }

    @Test func headerShowsClockModeAndDueTimesInTheLaunchZone() throws {
        let f = WebFixture()
        let page = try f.warRoom(as: WebFixture.lead)
        #expect(page.contains(">T-02:00:00<"))
        #expect(page.contains("badge mode-rehearsal"))
        #expect(page.contains(#"data-t0="2026-12-01T08:00:00.000Z""#))
        // Deploy is due at T-0: in 2h, 09:00 Oslo time.
        #expect(page.contains("Due T-0 · <time datetime=\"2026-12-01T08:00:00.000Z\">in 2h, 09:00 CET</time>"))
        #expect(page.contains("No triggers."))
        #expect(page.contains("No status posted yet"))
    }

    @Test func timelineDrawsPlannedAndActualBarsAndTheNowLine() throws {
        var f = WebFixture()
        try f.run(.markStep(step: WebFixture.freeze, mark: .done, note: nil), as: WebFixture.lead)
        let page = try f.warRoom(as: WebFixture.viewer)
        // Four phases (T-1 Day, T-1h, T-0, T+1h), each with a planned bar and a now-line;
        // SVG shapes need end tags in HTML or they swallow their siblings.
        #expect(page.webCount(of: #"<rect class="planned""#) == 4)
        #expect(page.webCount(of: #"<rect class="actual""#) == 1)
        #expect(page.webCount(of: #"<line class="now-line""#) == 4)
        // Every phase with work left also has a forecast bar.
        #expect(page.webCount(of: #"<rect class="forecast""#) == 4)
        #expect(page.webCount(of: "</rect>") == 9)
        #expect(page.webCount(of: #"<svg class="track" viewBox="0 0 1000 18" preserveAspectRatio="none""#) == 4)
        #expect(page.contains("planned Mon 30 Nov 2026 09:00 CET → "))
    }

    @Test func clockCountsDaysAndFlipsAtTZero() {
        let t0 = WebFixture.t0
        #expect(WarRoomPage.clockText(now: t0.addingTimeInterval(-(86_400 + 3723)), t0: t0) == "T-1d 01:02:03")
        #expect(WarRoomPage.clockText(now: t0, t0: t0) == "T+00:00:00")
        #expect(WarRoomPage.clockText(now: t0.addingTimeInterval(300), t0: t0) == "T+00:05:00")
    }

    @Test func gateShowsVotesAndDecision() throws {
        var f = WebFixture()
        try f.run(.vote(gate: WebFixture.gate, role: "Engineering Lead", vote: .go, comment: "<b>fine</b>"), as: WebFixture.lead)
        let page = try f.warRoom(as: WebFixture.viewer)
        #expect(page.contains("<strong>GO</strong> by lee at 07:00 — &lt;b&gt;fine&lt;/b&gt;"))
        #expect(page.contains("Product Owner</span>: waiting"))
        #expect(page.contains("badge decision-open"))
    }

    @Test func triggersShowStateValueAndChart() throws {
        var f = WebFixture()
        f.trigger("error-rate", .ok, 0.001)
        f.now = f.now.addingTimeInterval(60)
        f.trigger("error-rate", .pending, 0.02)
        f.now = f.now.addingTimeInterval(60)
        f.trigger("error-rate", .firing, 0.05)
        f.trigger("p99 <latency>", .nodata, nil)
        let page = try f.warRoom(as: WebFixture.viewer)
        #expect(!page.contains("No triggers."))
        #expect(page.contains("badge trigger-firing"))
        #expect(page.contains("now 0.05 · firing since 07:02"))
        // Three readings a minute apart in a fifteen-minute window ending now: x = 260, 280, 300.
        #expect(page.contains(#"<path class="signal" d="M260.0,"#))
        #expect(page.contains(" H280.0 V") && page.contains(" H300.0 V"))
        #expect(page.contains("p99 &lt;latency&gt;"))
        #expect(page.contains("badge trigger-nodata"))
    }

    @Test func emptyLaunchRendersWithoutStepsOrGates() throws {
        let f = WebFixture(runbook: "")
        let page = try f.warRoom(as: WebFixture.lead)
        #expect(page.contains("This runbook has no steps."))
        #expect(page.contains("No go/no-go gates in this runbook."))
        #expect(page.contains("No timed phases in this runbook."))
        #expect(page.contains("No check results yet."))
        let status = StatusPage(state: try f.state, now: f.now).render()
        #expect(status.contains("No updates yet."))
    }

    @Test func publicStatusPageShowsUpdatesOnly() throws {
        var f = WebFixture()
        try f.run(.addNote("internal: db password rotated"), as: WebFixture.lead)
        try f.run(.markStep(step: WebFixture.freeze, mark: .done, note: "secret note"), as: WebFixture.lead)
        try f.post(.green, "every required role voted GO and every check passed")
        try f.publish(.inProgress, "All systems go")
        try f.publish(.verifying, "Elevated errors in EU")
        let page = StatusPage(state: try f.state, now: f.now).render()
        #expect(page.contains("checkout-v2"))
        #expect(page.contains("status-current indicator-maintenance status-yellow"))
        #expect(page.contains("Elevated errors in EU"))
        #expect(page.contains("All systems go"))
        for secret in ["internal", "secret note", "lee", "Freeze merges", "csrf", "<script", "voted GO"] {
            #expect(!page.contains(secret), "status page leaks \(secret)")
        }
        // Newest first.
        let yellow = try #require(page.range(of: "Elevated errors"))
        let green = try #require(page.range(of: "All systems go"))
        #expect(yellow.lowerBound < green.lowerBound)
    }

    @Test func loginPageShowsKnownErrorsAndKeepsOnlyLocalNext() {
        let page = LoginPage(next: "/launches/3", error: "invalid").render()
        #expect(page.contains(#"<form class="login panel" method="post" action="/login">"#))
        #expect(page.contains(#"name="next" value="/launches/3""#))
        #expect(page.contains("That token was not accepted"))
        #expect(page.contains(#"role="alert""#))
        let evil = LoginPage(next: "//evil.example", error: "<script>alert(1)</script>").render()
        #expect(!evil.contains("evil.example"))
        #expect(!evil.contains("alert(1)"))
        #expect(!evil.contains(#"role="alert""#))
    }

    @Test func launchesIndexLinksEachLaunchNewestFirst() {
        let now = WebFixture.t0
        let page = LaunchesPage(launches: [
            .init(id: 1, name: "<b>one</b>", createdAt: now, lastSeq: 4, lastType: "step.marked", lastTime: now),
            .init(id: 2, name: "two", createdAt: now, lastSeq: 1, lastType: "launch.created", lastTime: now),
        ], viewer: PageViewer(name: "lee", roles: [], admin: false, csrfToken: "t"), now: now).render()
        #expect(page.contains(#"<a href="/launches/1">&lt;b&gt;one&lt;/b&gt;</a>"#))
        #expect(page.contains(#"<a href="/status/2">"#))
        let two = page.range(of: "/launches/2")?.lowerBound
        let one = page.range(of: "/launches/1")?.lowerBound
        #expect(two != nil && one != nil && two! < one!)
        #expect(LaunchesPage(launches: [], viewer: PageViewer(name: "lee", roles: [], admin: false, csrfToken: nil), now: now).render().contains("No launches yet"))
    }
}

extension String {
    func webCaptures(_ pattern: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        let range = NSRange(startIndex..., in: self)
        return regex.matches(in: self, range: range).compactMap { m in
            Range(m.range(at: 1), in: self).map { String(self[$0]) }
        }
    }
}

