/// `Rotate the keys (Owner: SRE Lead, Due: T+24h)`: a parenthesis at the end of an item that
/// names its owner and due time. See docs/runbook-format.md, "Owners".
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
        guard body.hasSuffix(")"), let open = body.lastIndex(of: "(") else { return nil }
        let inner = String(body[body.index(after: open)..<body.index(before: body.endIndex)])
        // `Owner: X, Due: T+24h` and `Owner: X | Due: T+24h` alike.
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
        let rest = String(body[..<open]).trimmingCharactersInSpace()
        return Found(text: rest.isEmpty ? text : rest, owner: owner, window: window)
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
