import Foundation

/// `Rotate the keys (Owner: SRE Lead, Due: T+24h)`: a parenthesis (or `[Owner: SRE]`) at the end
/// of an item that names its owner and due time, or the same keys after a spaced dash or bar
/// (`Final go/no-go — DRI: Sam Lee`). See docs/runbook-format.md, "Owners".
enum InlineOwnerDue {
    struct Found {
        var text: String
        var owner: String?
        var window: TimeWindow?
    }

    static func split(_ text: String) -> Found? {
        // "Run the migration (Owner: Mei Lin):" leads into its commands; the colon is not the item's.
        var body = Substring(text)
        while let last = body.last, last == ":" || last == "." || last == " " { body.removeLast() }
        for (openMark, closeMark) in [("(", ")"), ("[", "]")] as [(Character, Character)] {
            guard body.hasSuffix(String(closeMark)), let open = body.lastIndex(of: openMark) else { continue }
            let inner = String(body[body.index(after: open)..<body.index(before: body.endIndex)])
            // "Post the update (@comms-bot)", "[@dana, @lee]": handles alone name who does it.
            if let handles = Mentions.only(inner) {
                let rest = String(body[..<open]).trimmingCharactersInSpace()
                guard !rest.isEmpty else { return nil }
                return Found(text: rest, owner: handles, window: nil)
            }
            guard let keys = keys(inner) else { continue }
            let rest = String(body[..<open]).trimmingCharactersInSpace()
            return Found(text: rest.isEmpty ? text : rest, owner: keys.owner, window: keys.window)
        }
        // "Final go/no-go — DRI: Sam Lee", "Warm the caches | Owner: SRE", "Page on-call — @dana":
        // the last segment.
        let hasKey = body.utf8.contains(0x3A), hasHandle = body.utf8.contains(0x40)
        guard hasKey || hasHandle else { return nil }
        for separator in [" — ", " – ", " - ", " | "] {
            guard let range = body.range(of: separator, options: .backwards) else { continue }
            let rest = String(body[..<range.lowerBound]).trimmingCharactersInSpace()
            let tail = String(body[range.upperBound...])
            guard !rest.isEmpty else { continue }
            if hasHandle, let handles = Mentions.only(tail) { return Found(text: rest, owner: handles, window: nil) }
            guard hasKey, let keys = keys(tail) else { continue }
            return Found(text: rest, owner: keys.owner, window: keys.window)
        }
        return nil
    }

    /// `Owner: X, Due: T+24h` and `Owner: X | Due: T+24h` alike; nil when neither is named.
    private static func keys(_ inner: String) -> (owner: String?, window: TimeWindow?)? {
        let normalized = inner.replacingOccurrences(of: ";", with: "|")
        var owner: String?
        var window: TimeWindow?
        for part in splitKeys(normalized) {
            guard let fields = OwnerParser.fields(in: part) else { continue }
            owner = owner ?? fields.owner
            if let due = fields.due, let anchor = TimeAnchorParser.findAnywhere(due)?.anchor {
                window = window ?? TimeWindow(anchor)
            }
        }
        guard owner != nil || window != nil else { return nil }
        return (owner, window)
    }

    /// Splits at `|`, and at commas that start a new `Key:` (a comma inside a value stays).
    private static func splitKeys(_ s: String) -> [String] {
        var parts: [String] = []
        for piece in s.split(separator: "|") {
            var current = ""
            for chunk in piece.split(separator: ",", omittingEmptySubsequences: false) {
                let c = String(chunk)
                if !current.isEmpty, isKeyStart(c) {
                    parts.append(current)
                    current = c
                } else {
                    current = current.isEmpty ? c : current + "," + c
                }
            }
            if !current.isEmpty { parts.append(current) }
        }
        return parts
    }

    private static func isKeyStart(_ s: String) -> Bool {
        guard let colon = s.firstIndex(of: ":") else { return false }
        let key = TitleText.normalized(String(s[..<colon]))
        return OwnerParser.ownerKeys.contains(key) || key == "due" || key == "deadline" || key == "status"
    }
}
