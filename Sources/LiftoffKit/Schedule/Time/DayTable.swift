import LiftoffMarkdown

/// A table of periods with no action column (`| Day | Theme |`, `| Week | Focus |`): each row
/// whose first cell carries a time ("Wednesday (T-5)", "Day 2-4", "Week 2-4") is a phase of
/// its own, titled by the rest of the row (docs/runbook-format.md, "Phases and times").
enum DayTable {
    private static let periodHeaders: Set<String> = ["day", "days", "week", "weeks", "date", "when", "period"]
    private static let actionHeaders = ["action", "step", "task", "milestone", "activity", "what", "item", "deliverable", "checkpoint"]

    struct Row {
        var title: String
        var anchor: TimeAnchor
        var position: SourcePosition
        var line: Int
    }

    static func rows(header: TableRow, rows: [TableRow], launchDay: Int?, launchMinute: Int?) -> [Row]? {
        let names = header.cells.map { TitleText.normalized($0.plainText) }
        guard let first = names.first, periodHeaders.contains(first),
              !names.contains(where: { name in actionHeaders.contains { name.hasPrefix($0) } }) else { return nil }
        var out: [Row] = []
        for row in rows {
            guard let cell = row.cells.first else { continue }
            let text = TitleText.collapsed(cell.plainText).trimmingCharactersInSpace()
            let own = LeadTime.boldAnchor(text).flatMap { $0.wallClock == nil ? $0 : nil }
            guard let anchor = own ?? DatePlacement.anchor(in: text, launchDay: launchDay, launchMinute: launchMinute) else { continue }
            let rest = row.cells.dropFirst().map { TitleText.collapsed($0.plainText).trimmingCharactersInSpace() }.filter { !$0.isEmpty }
            out.append(Row(title: rest.isEmpty ? text : rest.joined(separator: " — "), anchor: anchor, position: cell.position, line: row.line))
        }
        return out.isEmpty ? nil : out
    }
}
