import Foundation

/// One item of a launch's retrospective, as recorded.
public struct RetroItem: Codable, Hashable, Sendable {
    public var kind: RetroKind
    public var text: String
    public var owner: String?
    public var due: String?
    public var by: String
    public var at: Date
    public var seq: Int

    public init(kind: RetroKind, text: String, owner: String?, due: String?, by: String, at: Date, seq: Int) {
        self.kind = kind
        self.text = text
        self.owner = owner
        self.due = due
        self.by = by
        self.at = at
        self.seq = seq
    }
}

/// The retrospective as Markdown for the team's tracker: what went well, what did not, and
/// the action items as task items with their owners and due dates.
public enum RetrospectiveMarkdown {
    public static func render(_ state: LaunchState) -> String {
        var out = "# Retrospective: \(MarkdownText.inline(state.name))\n\n"
        out += "Launch \(state.launch), T-0 \(Schedule.iso8601(state.t0, timeZone: state.timeZone))"
        if let ended = state.ended { out += ", ended \(ended.outcome.rawValue) at \(Schedule.iso8601(ended.at, timeZone: state.timeZone))" }
        out += ".\n"
        if let reason = state.completionOverride {
            out += "\nCompleted by override (\(MarkdownText.inline(reason.by))): \(MarkdownText.inline(reason.reason))\n"
        }
        func list(_ title: String, _ kind: RetroKind) {
            let items = state.retrospective.filter { $0.kind == kind }
            out += "\n## \(title)\n\n"
            if items.isEmpty { out += "- (none recorded)\n"; return }
            for item in items {
                switch kind {
                case .action:
                    let owner = item.owner.map { " — owner: \(MarkdownText.inline($0))" } ?? " — owner: (unassigned)"
                    let due = item.due.map { ", due \($0)" } ?? ""
                    out += "- [ ] \(MarkdownText.inline(item.text))\(owner)\(due)\n"
                case .wentWell, .wentBadly:
                    out += "- \(MarkdownText.inline(item.text))\n"
                }
            }
        }
        list("What went well", .wentWell)
        list("What did not go well", .wentBadly)
        list("Action items", .action)
        return out
    }
}

/// Text placed in Markdown: line breaks folded, characters that would start markup escaped.
enum MarkdownText {
    static func inline(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "\n", "\r": out.append(" ")
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "#": out.append("\\"); out.append(c)
            default: out.append(c)
            }
        }
        return out
    }
}
