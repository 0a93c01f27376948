import Foundation
import LiftoffKit
import LiftoffRender

/// The war room of one launch (`/launches/{id}`), focus first: a header that stays in view
/// (how are we, what time, which phase, what traffic, which triggers are not ok), then what
/// needs doing now and by whom, the triggers and the shift, the phases with done steps folded
/// away, and the people to call (docs/war-room.md). Server-rendered so it reads without the
/// script; `warroom.js` keeps it live by swapping the elements marked `data-live` that changed.
public struct WarRoomPage {
    public var state: LaunchState
    public var viewer: PageViewer
    public var now: Date
    /// How fast the launch's clock runs against the wall clock (the demo compresses time).
    public var clockSpeed: Double
    /// When each remaining step, phase and the launch are expected to end (computed once per render).
    public var forecast: LaunchForecast
    /// Who has the launch's live stream open now (the event hub's viewers), by name.
    public var watching: [String]
    /// Each trigger rule's signal over its chart's window from Prometheus, by rule id
    /// (`TriggerSignals`); a rule missing here is charted from its recorded values.
    public var signals: [String: SignalFetch]

    public init(state: LaunchState, viewer: PageViewer, now: Date, clockSpeed: Double = 1, history: StepHistory = StepHistory(),
                watching: [String] = [], signals: [String: SignalFetch] = [:]) {
        self.signals = signals
        self.state = state
        self.viewer = viewer.within(state)
        self.now = now
        self.clockSpeed = clockSpeed
        self.watching = watching
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
                .element("div", [.class("primary")], [clockPanel(), triggers(), steps()]),
                .element("div", [.class("secondary")], [people(), statusPanel(), gates(), criteria(), timeline(), checks(), feed()]),
            ]),
            runbookSource(),
            shortcutsHelp(),
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
        [("focus", focus()), ("now", clockPanel()), ("triggers", triggers()), ("steps", steps()), ("people", people()),
         ("status", statusPanel()), ("gates", gates()), ("criteria", criteria()), ("timeline", timeline()), ("checks", checks()),
         ("feed", feed())].map { ($0.0, $0.1.rendered) }
    }

    // MARK: header

    /// Stays in view (sticky): the title, the T-clock and the focus line below it.
    func header() -> HTML {
        .element("section", [.class("launch-header"), .aria("labelledby", "launch-title")], [
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
                .element("button", [.attr("type", "button"), .class("shortcuts-button link-button"), .aria("controls", "shortcuts"),
                                    .aria("expanded", "false")], [.text("Keys (?)")]),
            ]),
            focus(),
        ])
    }

    /// How are we, where are we, what is the traffic, which triggers are not ok.
    func focus() -> HTML {
        let health = WarRoomHealth.of(state, forecast: forecast, now: now)
        let c = state.counts
        let current = state.currentPhase(now: now)
        // The phase's own progress, as the timeline counts it (its steps and its subsections').
        let phaseRow = current.flatMap { p in timelineRows().first { $0.title == p.title } }
        let phase = (current?.title ?? "before the first phase") + (phaseRow.map { $0.total > 0 ? " (\($0.settled)/\($0.total) settled)" : "" } ?? "")
        let settled = c.done + c.skipped
        var facts: [HTML] = [
            .element("span", [.class("badge mode-\(state.mode.rawValue)")], [.text(state.mode.rawValue)]),
            .element("span", [.class("phase-now")], [
                .text("Phase: \(phase) · T-0 "), time(state.t0, RelativeTime.describe(state.t0, now: now, timeZone: state.timeZone)),
            ]),
            .element("span", [.class("progress-line")], [
                .element("progress", [.attr("max", String(max(c.total, 1))), .attr("value", String(settled)), .aria("label", "Steps settled")], []),
                .text(" \(settled)/\(c.total) steps" + (c.failed > 0 ? " · \(c.failed) failed" : "") + (c.blocked > 0 ? " · \(c.blocked) blocked" : "")),
            ]),
        ]
        if let traffic = trafficSummary() {
            facts.append(.element("span", [.id("traffic-summary"), .class("traffic")], traffic))
        }
        if let ended = state.ended {
            facts.append(.element("span", [.class("badge ended")], [.text("ended \(ended.outcome.rawValue) by \(ended.by)")]))
        } else {
            if let hold = state.hold {
                facts.append(.element("span", [.id("hold-badge"), .class("badge hold")], [.text("ON HOLD: \(hold.reason) (\(hold.by))")]))
            }
            if let summary = ForecastText(forecast, timeZone: state.timeZone).summary {
                facts.append(.element("span", [.id("forecast-summary"), .class(forecast.isOver ? "forecast over" : "forecast")], [.text(summary)]))
            }
        }
        let alerts = triggerAlerts()
        return .element("div", [.id("focus"), .class("focus"), .data("live", "")], [
            .element("div", [.class("health-row")], [
                .element("p", [.id("health"), .class("health status-\(health.level.rawValue)")], [
                    .element("span", [.class("status-dot"), .aria("hidden", "true")], []),
                    .element("strong", [.class("health-level")], [.text(" " + health.level.label)]),
                    .text(health.reasons.isEmpty ? " · nothing firing, nothing late" : " · " + health.reasons.prefix(3).joined(separator: " · ")
                        + (health.reasons.count > 3 ? " · +\(health.reasons.count - 3) more" : "")),
                ]),
            ]),
            alerts.isEmpty ? .empty : .element("ul", [.id("trigger-alerts"), .class("trigger-alerts"), .aria("label", "Triggers not ok")], alerts),
            .element("p", [.id("launch-summary"), .class("launch-facts")], facts),
        ])
    }

    /// `FIRING rollback on errors: error rate 5.2% > 1% for 2m` for every trigger that is not ok.
    func triggerAlerts() -> [HTML] {
        state.triggerRules.compactMap { rule -> HTML? in
            let s = state.trigger(rule.id)
            guard s.status != .ok else { return nil }
            let value = s.value.map(rule.valueText) ?? "no value"
            var detail = "\(rule.signalLabel) \(value) \(rule.op.rawValue) \(rule.thresholdText)"
            if rule.forSeconds > 0 { detail += " for \(TriggerRule.durationText(rule.forSeconds))" }
            if let since = s.series.values.compactMap(\.since).max() { detail += " · since \(clock(since))" }
            return .element("li", [.class("alert trigger-\(s.status.rawValue)"), .data("trigger", rule.id)], [
                .element("span", [.class("badge trigger-\(s.status.rawValue)")], [.text(s.status.rawValue.uppercased())]),
                .text(" "),
                .element("a", [.attr("href", "#" + Self.domID("trigger", rule.id))], [.element("strong", [], [.text(rule.name)])]),
                .text(": " + detail + " → " + rule.action.rawValue),
            ])
        }
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

    /// The keyboard shortcuts (desktop), listed where `?` and the header's "Keys" button open them.
    static let shortcuts: [(key: String, does: String)] = [
        ("?", "show or hide this list"), ("n", "go to Now"), ("t", "go to Triggers and traffic"), ("s", "go to Steps by phase"),
        ("p", "go to People"), ("g", "go to Gates"), ("a", "go to Activity"), ("j / k", "next / previous step in Now"),
        ("d", "mark the focused Now step done"), ("Esc", "close this list"),
    ]

    func shortcutsHelp() -> HTML {
        .element("section", [.id("shortcuts"), .class("panel shortcuts"), .aria("labelledby", "shortcuts-title"), .flag("hidden")], [
            .element("h2", [.id("shortcuts-title")], [.text("Keyboard shortcuts")]),
            .element("dl", [], Self.shortcuts.flatMap { key, does in
                [HTML.element("dt", [], [.element("kbd", [], [.text(key)])]), .element("dd", [], [.text(does)])]
            }),
            .element("p", [.class("fine-print")], [.text("Shortcuts are off while you type in a field.")]),
        ])
    }

    // MARK: runbook

    func runbookSource() -> HTML {
        .element("section", [.class("panel runbook"), .aria("labelledby", "runbook-title")], [
            .element("details", [], [
                .element("summary", [], [.element("h2", [.id("runbook-title"), .class("inline")], [.text("Runbook: \(state.created.runbookFile)")])]),
                .element("div", [.class("markdown")], [MarkdownHTML.render(state.created.runbookSource, values: state.created.variables, options: .embedded)]),
            ]),
        ])
    }
}
