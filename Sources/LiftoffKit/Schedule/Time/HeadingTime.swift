/// The time a heading carries (docs/runbook-format.md, "Phases and times"): a T-anchor anywhere
/// in it ("Bump the version (T-6 days, Friday the week before)"), the point a period ends
/// ("End of Day 1"), a window phrase ("Day of release"), a numbered period ("Hours 6-12", "Month 1"), or a time of day ("Phase 2 (6:30 -
/// 8:00)"). Under a rollback or incident section, windows that count from "now" ("First 30
/// minutes", "(0-2 minutes)") count from the rollback, not from T-0: only explicit T-anchors
/// hold there.
enum HeadingTime {
    static func anchor(_ title: String, relativeToIncident: Bool) -> TimeAnchor? {
        // "End of Day Report Template" is what to send, not a time of its own.
        if namesTemplate(title) { return nil }
        let found = TimeAnchorParser.findAnywhere(title)?.anchor
        // "End of Day 1" is the point Day 1 ends; a T-anchor beside it still wins.
        if !relativeToIncident, found.map({ !isPrefixed($0.text) }) ?? true, let end = TimeAnchorParser.findEndOf(title) {
            return end
        }
        if let found {
            if !relativeToIncident || isPrefixed(found.text) { return found }
            return nil
        }
        if relativeToIncident { return nil }
        let clock = WallClockParser.findAnywhere(title)
        if let phrase = TimeAnchorParser.findRelativePhrase(title) {
            // "Launch day, 08:30": the time of day on launch day says more than the day.
            if let clock, phrase.start == .zero, phrase.end == .days(1) { return clock }
            return phrase
        }
        return clock
    }

    /// "Report Template", "Message Templates": a section holding text to send or fill in.
    static func namesTemplate(_ title: String) -> Bool {
        guard let last = TitleText.normalized(title).split(separator: " ").last else { return false }
        return last == "template" || last == "templates"
    }

    /// `T-2h`, `L-14d`, `H+0:15`, `D+1`: written against T-0 itself.
    static func isPrefixed(_ text: String) -> Bool {
        let sc = AnchorScanner(text)
        return RawPoint.parse(sc, at: 0) != nil
    }

    /// Whether a section counts its times from an incident rather than from T-0.
    static func isIncidentRelative(title: String, parentRoles: SectionRoles) -> Bool {
        if parentRoles.contains(.rollback) || parentRoles.contains(.triggers) { return true }
        let t = TitleText.normalized(title)
        return incidentWords.anyOccurs(in: t)
    }

    private static let incidentWords = PhraseSet(["rollback", "roll back", "roll-back", "incident", "emergency", "recovery"])
}
