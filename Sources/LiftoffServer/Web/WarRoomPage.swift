import Foundation
import LiftoffKit

/// The war room of one launch (`/launches/{id}`): everything a dozen people watch on launch day,
/// server-rendered so it reads without the script; `warroom.js` keeps it live by re-fetching
/// this page and swapping the elements marked `data-live` whose markup changed.
public struct WarRoomPage {
    public var state: LaunchState
    public var viewer: PageViewer
    public var now: Date
    /// How fast the launch's clock runs against the wall clock (the demo compresses time).
    public var clockSpeed: Double
    /// When each remaining step, phase and the launch are expected to end (computed once per render).
    public var forecast: LaunchForecast

    public init(state: LaunchState, viewer: PageViewer, now: Date, clockSpeed: Double = 1, history: StepHistory = StepHistory()) {
        self.state = state
        self.viewer = viewer.within(state)
        self.now = now
        self.clockSpeed = clockSpeed
        forecast = LaunchForecast(state, history: history, now: now)
    }

    /// Forms are offered to participants who may change the launch, while it runs.
    var canAct: Bool { viewer.canAct && state.ended == nil }

    var facts: LaunchFacts { state.facts }

    var apiBase: String { "/api/v1/launches/\(state.launch)" }

    public func render() -> String {
        let main: [HTML] = [
            header(),
            .element("div", [.class("columns")], [
                .element("div", [.class("primary")], [clockPanel(), timeline(), steps()]),
                .element("div", [.class("secondary")], [statusPanel(), gates(), criteria(), triggers(), checks(), feed()]),
            ]),
            runbookSource(),
        ]
        return PageLayout.page(title: "\(state.name) · war room", viewer: viewer, bodyClass: "warroom", script: true,
                               head: [.void("meta", [.attr("name", "liftoff-launch"), .attr("content", String(state.launch))]),
                                      .void("meta", [.attr("name", "liftoff-seq"), .attr("content", String(state.seq))])],
                               main: main)
    }

    /// The parts of the page that change with events, each rendered on its own, in page order:
    /// what `WarRoomPanels` sends to open pages (only the parts that changed) instead of each
    /// page fetching a whole new render.
    public func liveSections() -> [(name: String, html: String)] {
        [("header", header()), ("now", clockPanel()), ("timeline", timeline()), ("steps", steps()), ("status", statusPanel()), ("gates", gates()),
         ("criteria", criteria()), ("triggers", triggers()), ("checks", checks()), ("feed", feed())].map { ($0.0, $0.1.rendered) }
    }

    // MARK: header

    func header() -> HTML {
        let c = state.counts
        let phase = state.currentPhase(now: now).map(\.title) ?? "before the first phase"
        var items: [HTML] = [
            .element("span", [.class("badge mode-\(state.mode.rawValue)")], [.text(state.mode.rawValue)]),
            .element("span", [], [.text("T-0 "), time(state.t0, RelativeTime.describe(state.t0, now: now, timeZone: state.timeZone))]),
            .element("span", [], [.text("Phase: \(phase)")]),
            .element("span", [], [.text("\(c.done + c.skipped)/\(c.total) steps settled"
                + (c.failed > 0 ? " · \(c.failed) failed" : "") + (c.blocked > 0 ? " · \(c.blocked) blocked" : ""))]),
        ]
        if let ended = state.ended {
            items.append(.element("span", [.class("badge ended")], [.text("ended \(ended.outcome.rawValue) by \(ended.by)")]))
        } else {
            if let hold = state.hold {
                items.append(.element("span", [.id("hold-badge"), .class("badge hold")], [.text("ON HOLD: \(hold.reason) (\(hold.by))")]))
            }
            if let summary = ForecastText(forecast, timeZone: state.timeZone).summary {
                items.append(.element("span", [.id("forecast-summary"), .class(forecast.isOver ? "forecast over" : "forecast")], [.text(summary)]))
            }
        }
        return .element("section", [.class("launch-header"), .aria("labelledby", "launch-title")], [
            .element("div", [.class("title-row")], [
                .element("h1", [.id("launch-title")], [.text(state.name)]),
                .element("p", [.class("clock-box")], [
                    .element("span", [.class("sr-only")], [.text("Time relative to T-0: ")]),
                    .element("time", [.id("clock"), .class("clock"), .attr("datetime", CanonicalTime.string(state.t0)),
                                      .data("t0", CanonicalTime.string(state.t0)), .data("now", CanonicalTime.string(now)),
                                      .data("speed", String(clockSpeed))],
                             [.text(Self.clockText(now: now, t0: state.t0))]),
                    .text(" "),
                    .element("span", [.id("live-state"), .class("live-state")], [.text("")]),
                ]),
                .element("a", [.class("report-link"), .attr("href", "\(apiBase)/report?format=html")], [.text("Report")]),
            ]),
            .element("p", [.id("launch-summary"), .class("launch-facts"), .data("live", "")], items),
        ])
    }

    /// `T-1d 02:03:04` before T-0, `T+00:05:00` after; the script ticks the same format.
    public static func clockText(now: Date, t0: Date) -> String {
        let delta = Int(now.timeIntervalSince(t0).rounded(.down))
        let sign = delta < 0 ? "-" : "+"
        let s = abs(delta)
        let days = s / 86_400
        let hms = String(format: "%02d:%02d:%02d", s / 3600 % 24, s / 60 % 60, s % 60)
        return "T\(sign)" + (days > 0 ? "\(days)d " : "") + hms
    }

    // MARK: shared bits

    func time(_ date: Date, _ text: String) -> HTML {
        .element("time", [.attr("datetime", CanonicalTime.string(date))], [.text(text)])
    }

    func when(_ date: Date) -> String { RelativeTime.describe(date, now: now, timeZone: state.timeZone) }

    func panel(_ id: String, _ title: String, live: Bool = true, _ content: [HTML]) -> HTML {
        .element("section", [.id(id), .class("panel"), .aria("labelledby", "\(id)-title"), .data("live", live ? "" : nil)],
                 [.element("h2", [.id("\(id)-title")], [.text(title)])] + content)
    }

    /// An element id from a step or gate id (which may hold `/` and anything a slug keeps).
    static func domID(_ prefix: String, _ id: String) -> String {
        prefix + "-" + String(id.map { $0.isWhitespace ? "_" : $0 })
    }

    /// The `<form>` of an action: posts JSON to the API through the script (`data-api` names the
    /// endpoint); the error line below it shows refusals.
    func actionForm(_ endpoint: String, _ label: String, _ fields: [HTML]) -> HTML {
        .element("form", [.class("action-form \(endpoint)-form"), .attr("method", "post"), .attr("action", "\(apiBase)/\(endpoint)"),
                          .data("api", "\(apiBase)/\(endpoint)"), .aria("label", label)],
                 [PageLayout.csrfField(viewer)] + fields + [.element("p", [.class("form-error"), .attr("role", "status")], [])])
    }

    func hidden(_ name: String, _ value: String) -> HTML {
        .void("input", [.attr("type", "hidden"), .attr("name", name), .attr("value", value)])
    }

    func textInput(id: String, name: String, label: String, placeholder: String, required: Bool = false, maxLength: Int = 2000) -> HTML {
        .join([
            .element("label", [.attr("for", id), .class("sr-only")], [.text(label)]),
            .void("input", [.attr("type", "text"), .id(id), .attr("name", name), .attr("placeholder", placeholder),
                            .attr("maxlength", String(maxLength)), .attr("autocomplete", "off"), .flag("required", required)]),
        ])
    }

    // MARK: runbook

    func runbookSource() -> HTML {
        .element("section", [.class("panel runbook"), .aria("labelledby", "runbook-title")], [
            .element("details", [], [
                .element("summary", [], [.element("h2", [.id("runbook-title"), .class("inline")], [.text("Runbook: \(state.created.runbookFile)")])]),
                .element("div", [.class("markdown")], [RunbookHTML.render(state.created.runbookSource, values: state.created.variables)]),
            ]),
        ])
    }
}
