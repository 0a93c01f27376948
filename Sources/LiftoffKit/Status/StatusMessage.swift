import Foundation

/// One value shown under Metrics, already in words (`error rate` → `0.4%`). Taking text keeps the
/// template independent of how triggers and probes represent their values.
public struct StatusMetric: Hashable, Sendable, Codable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// A status update in the template of DESIGN §9: Time · Status · Progress · Metrics · Next update.
/// It is rendered from the launch as it stood at the `status.posted` event, so every delivery of
/// that event, however late or however often retried, carries the same words and the same bytes.
///
/// ```swift
/// // `state` folded up to and including the status.posted event:
/// let message = StatusMessage(state: state, metrics: [("error rate", "0.4%")], schedule: schedule)
/// print(message?.text ?? "")
/// ```
public struct StatusMessage: Hashable, Sendable {
    public var launchID: Int64
    public var launchName: String
    /// The seq of the `status.posted` event.
    public var seq: Int
    public var time: Date
    public var t0: Date
    public var timeZone: TimeZone
    public var status: StatusLevel
    public var message: String
    public var milestone: String?
    public var postedBy: String
    /// The phase under way when it was posted; nil before the first phase.
    public var phase: String?
    public var stepsDone: Int
    public var stepsSkipped: Int
    public var stepsTotal: Int
    public var outcome: LaunchOutcome?
    public var metrics: [StatusMetric]
    /// When the cadence says the next update is due; nil without a cadence or after it ended.
    public var nextUpdate: Date?
    /// The chain head at this update (the `status.posted` event itself), so a kept notification
    /// proves later that the log was not cut (docs/launches.md, "Chain anchors").
    public var anchor: ChainAnchor
    /// Set for a notice published for customers: its channels get only the public words.
    public var notice: PublicNotice?
    /// Why it went out; nil for a person's post.
    public var cause: StatusCause?
    /// The launch's war room, when the vars say where Liftoff serves (`LIFTOFF_URL`).
    public var warRoomURL: String?
    /// The decision the update asks for: Slack shows its buttons (docs/slack.md).
    public var decision: StatusDecision?

    /// Renders the status update that `state`'s last applied event posted; nil when that event is
    /// not a `status.posted`.
    public init?(state: LaunchState, metrics: [(name: String, value: String)], schedule: StatusSchedule?) {
        guard let posted = state.currentStatus, posted.seq == state.seq else { return nil }
        launchID = state.launch
        launchName = state.name
        seq = posted.seq
        time = posted.at
        t0 = state.t0
        timeZone = state.timeZone
        status = posted.status
        message = posted.message
        milestone = posted.milestone
        postedBy = posted.by
        phase = state.currentPhase(now: posted.at)?.title
        let counts = state.counts
        stepsDone = counts.done
        stepsSkipped = counts.skipped
        stepsTotal = counts.total
        outcome = state.ended?.outcome
        self.metrics = metrics.map { StatusMetric(name: $0.name, value: $0.value) }
        nextUpdate = outcome == nil ? schedule?.nextDue(after: posted.at) : nil
        anchor = ChainAnchor(state: state)
        notice = posted.notice
        cause = posted.cause
        decision = posted.notice == nil ? posted.decision : nil
        warRoomURL = Self.warRoomURL(base: state.created.variables[Self.serverURLVariable], launch: state.launch)
    }

    /// The vars value naming where `liftoff serve` is reached, for links back to the war room.
    public static let serverURLVariable = "LIFTOFF_URL"

    static func warRoomURL(base: String?, launch: Int64) -> String? {
        guard var base = base?.trimmingCharacters(in: .whitespaces), base.hasPrefix("http://") || base.hasPrefix("https://") else { return nil }
        while base.hasSuffix("/") { base.removeLast() }
        return "\(base)/launches/\(launch)"
    }

    // MARK: The five lines of the template

    public var timeLine: String { "\(Schedule.iso8601(time, timeZone: timeZone)) (\(Self.relative(time, to: t0)))" }

    public var statusLine: String { status.label }

    public var progressLine: String {
        var parts: [String] = []
        if let outcome {
            parts.append("launch ended: \(outcome.rawValue)")
        } else {
            parts.append(phase ?? "before the first phase")
        }
        var steps = "\(stepsDone + stepsSkipped) of \(stepsTotal) steps done"
        if stepsSkipped > 0 { steps += " (\(stepsSkipped) skipped)" }
        parts.append(steps)
        return parts.joined(separator: " · ")
    }

    public var metricsLine: String {
        metrics.isEmpty ? "none reported" : metrics.map { "\($0.name) \($0.value)" }.joined(separator: " · ")
    }

    public var nextUpdateLine: String {
        if outcome != nil { return "none, the launch has ended" }
        guard let nextUpdate else { return "at the next milestone" }
        return "\(Schedule.iso8601(nextUpdate, timeZone: timeZone)) (\(Self.relative(nextUpdate, to: t0)))"
    }

    /// The first line: what a phone's notification shows.
    public var headline: String { "[\(status.label)] \(launchName): \(message)" }

    /// The whole update as plain text.
    public var text: String {
        if let notice { return publicText(notice) }
        var lines = [headline]
        if let milestone { lines.append("Milestone: \(milestone)") }
        lines += [
            "Time: \(timeLine)",
            "Status: \(statusLine)",
            "Progress: \(progressLine)",
            "Metrics: \(metricsLine)",
            "Next update: \(nextUpdateLine)",
            "Posted by: \(postedBy)",
            "Chain anchor: \(anchor)",
        ]
        return lines.joined(separator: "\n")
    }

    /// `T+15m`, `T-1d2h`, `T-0`: the time relative to T-0 in whole minutes.
    static func relative(_ date: Date, to t0: Date) -> String {
        let seconds = date.timeIntervalSince(t0)
        guard seconds.isFinite else { return "T?" }
        let minutes = Int((abs(seconds) / 60).rounded(.down))
        if minutes == 0 { return "T-0" }
        let (d, h, m) = (minutes / 1440, minutes / 60 % 24, minutes % 60)
        var text = seconds < 0 ? "T-" : "T+"
        if d > 0 { text += "\(d)d" }
        if h > 0 { text += "\(h)h" }
        if m > 0 { text += "\(m)m" }
        return text
    }
}
