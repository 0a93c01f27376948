import LiftoffMarkdown

/// Steps that are not list items: a bold "**Step 4: Flip the CNAME**" paragraph, or a heading
/// that names an action and holds its commands ("### 3.2 Phase B: Drain the queue (5 minutes)",
/// "### T-45: Freeze writes") — docs/runbook-format.md, "Steps".
enum StepShapes {
    /// `**Step 4: Flip the CNAME**`, `**Phase B — drain**`, `**Stage 2:** route 10%` → its title.
    static func boldStep(_ inlines: [Inline]) -> String? {
        guard let first = inlines.first, case .strong(let bold) = first else { return nil }
        let boldText = TitleText.collapsed(bold.plainText).trimmingCharactersInSpace()
        let rest = TitleText.collapsed(Array(inlines.dropFirst()).plainText).trimmingCharactersInSpace()
        guard startsWithStepNumber(boldText) else { return nil }
        var title = rest.isEmpty ? boldText : boldText + " " + rest
        while let last = title.last, last == ":" || last == " " { title.removeLast() }
        guard title.count <= 160 else { return nil }
        return title
    }

    /// The time a bold step's title names: "Step 4: Decision point (T+30m)", or a clock time
    /// closing it, "Step 1: Initialize canary (08:15)".
    static func window(ofBoldStep title: String) -> TimeWindow? {
        (TimeAnchorParser.findAnywhere(title)?.anchor ?? LeadTime.trailingClock(title)).map { TimeWindow($0) }
    }

    /// "Step 4", "Phase B", "Stage 2", "Step 1 -".
    static func startsWithStepNumber(_ text: String) -> Bool {
        let words = text.lowercased().split(whereSeparator: { $0 == " " || $0 == ":" || $0 == "." || $0 == "-" || $0 == "—" || $0 == "–" })
        guard words.count >= 2, ["step", "phase", "stage"].contains(String(words[0])) else { return false }
        let marker = words[1]
        return marker.allSatisfy(\.quickIsNumber) || (marker.count == 1 && marker.first?.quickIsLetter == true)
    }

    private static let verbs: Set<String> = [
        "add", "announce", "apply", "approve", "archive", "back", "backup", "build", "bump", "capture", "check", "clean", "cleanup",
        "close", "collect", "communicate", "compare", "configure", "confirm", "create", "cut", "declare", "delete", "deploy", "disable",
        "drain", "dump", "enable", "ensure", "escalate", "execute", "export", "fail", "failover", "finalize", "fix", "flip", "flush",
        "freeze", "generate", "import", "install", "invalidate", "kick", "launch", "load", "lock", "log", "mark", "merge", "migrate",
        "mirror", "monitor", "move", "notify", "open", "pause", "perform", "pin", "ping", "point", "post", "prepare", "promote",
        "provision", "publish", "purge", "push", "raise", "reconcile", "release", "remove", "rerun", "re-run", "reset", "restart",
        "restore", "resume", "retag", "revert", "review", "roll", "rollback", "rotate", "route", "run", "scale", "schedule", "seed",
        "send", "set", "ship", "shift", "sign", "smoke", "snapshot", "start", "stop", "submit", "swap", "switch", "sync", "tag",
        "test", "trigger", "unfreeze", "unlock", "update", "upgrade", "upload", "validate", "verify", "wait", "warm", "watch", "write",
    ]
    private static let actionNouns: Set<String> = [
        "validation", "verification", "migration", "deployment", "rollback", "backup", "cutover", "failover", "restore", "cleanup",
        "execution", "preparation", "switchover", "promotion", "rollout", "deploy", "release", "upgrade", "installation", "smoke",
    ]
    private static let notActions: Set<String> = [
        "example", "examples", "output", "troubleshooting", "notes", "note", "overview", "reference", "faq", "appendix", "usage",
        "configuration", "commands", "scenario", "scenarios", "symptoms", "prerequisites", "requirements", "background", "tips",
    ]

    /// Whether an item's text starts with an imperative verb ("Run …", "Verify …", "`make tag`").
    static func readsAsAction(_ text: String) -> Bool {
        let trimmed = text.trimmingCharactersInSpace()
        if trimmed.hasPrefix("`") || trimmed.hasPrefix("$ ") { return true }
        guard let first = firstWordLowered(trimmed) else { return false }
        // "If the flag has an actor, perform …": a conditional instruction.
        if ["if", "when", "once"].contains(first), let comma = trimmed.firstIndex(of: ","), comma < trimmed.index(trimmed.startIndex, offsetBy: min(trimmed.count, 160)) {
            let rest = trimmed[trimmed.index(after: comma)...].trimmingCharactersInSpaceSub()
            guard let verb = firstWordLowered(rest) else { return false }
            return verbs.contains(verb) || extraVerbs.contains(verb)
        }
        return verbs.contains(first) || extraVerbs.contains(first)
    }

    /// The first run of letters and `-` in the lowered text. For ASCII text it is read from the
    /// bytes: lowering the whole of every item's text for its first word was a cost of `lint`.
    /// Other text is lowered first, as before, since lowering can change its letters.
    static func firstWordLowered(_ text: some StringProtocol) -> String? {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else {
            return text.lowercased().split(maxSplits: 1, whereSeparator: { !$0.quickIsLetter && $0 != "-" }).first.map(String.init)
        }
        let utf8 = text.utf8
        func isWordByte(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 || b == 0x2D }
        guard let start = utf8.firstIndex(where: isWordByte) else { return nil }
        let word = utf8[start...].prefix(while: isWordByte)
        return String(unsafeUninitializedCapacity: word.count) { buffer in
            for (k, b) in word.enumerated() { buffer[k] = b &- 0x41 < 26 ? b | 0x20 : b }
            return word.count
        }
    }

    private static let extraVerbs: Set<String> = [
        "ask", "assign", "call", "change", "click", "copy", "edit", "email", "enter", "file", "find", "go", "inform", "let", "link",
        "make", "note", "record", "register", "reply", "request", "select", "share", "tell", "type", "use", "download", "fill",
        "follow", "get", "give", "keep", "look", "login", "log", "navigate", "ping", "post", "put", "read", "refresh", "reload",
        "remind", "repeat", "replace", "report", "save", "search", "see", "setup", "sign", "take", "turn", "unpin", "visit",
        "pull", "fetch", "clone", "checkout", "commit", "draft", "announce", "hand", "handoff", "backfill", "bootstrap", "contact",
    ]

    /// Whether a heading reads as an action: "Step N…", or its first word after numbering and
    /// time or phase prefixes is a verb, or it names an operation ("Environment Validation").
    static func headingNamesAction(_ title: String) -> Bool {
        if startsWithStepNumber(title) { return true }
        var rest = Substring(TitleText.withoutNumbering(title))
        // "T-45: Freeze writes", "Phase B: Drain the queue".
        if let colon = rest.firstIndex(of: ":") {
            let head = rest[..<colon]
            if TimeAnchorParser.parseLeading(head) != nil || startsWithStepNumber(String(head)) { rest = rest[rest.index(after: colon)...] }
        }
        let words = rest.lowercased().split(whereSeparator: { !$0.quickIsLetter && $0 != "-" }).map(String.init)
        guard let first = words.first else { return false }
        if words.contains(where: notActions.contains) { return false }
        return verbs.contains(first) || isGerund(first) || words.contains(where: actionNouns.contains)
    }

    /// `1. Pre-Deployment`, `0) Updating`: a step's number, not a document's `2.4` section number.
    static func hasStepNumbering(_ rawTitle: String) -> Bool {
        guard let first = rawTitle.split(separator: " ").first else { return false }
        let digits = first.prefix { $0.isASCII && $0.quickIsNumber }
        let rest = first.dropFirst(digits.count)
        return !digits.isEmpty && (rest == "." || rest == ")")
    }

    /// "Updating", "Tagging", "Running": the verb of a heading written as an activity.
    private static func isGerund(_ word: String) -> Bool {
        guard word.hasSuffix("ing"), word.count > 5 else { return false }
        let stem = String(word.dropLast(3))
        let undoubled = stem.count > 2 && stem.last == stem.dropLast().last ? String(stem.dropLast()) : stem
        return verbs.contains(stem) || verbs.contains(stem + "e") || verbs.contains(undoubled)
    }
}

/// Lists a reader skips as steps although they look like items (docs/runbook-format.md, "Steps").
enum NotStepShapes {
    /// `1. [Create the Release Branch](#1-create-the-release-branch)`: a table of contents entry.
    static func isContentsEntry(_ inlines: [Inline]) -> Bool {
        let meaningful = inlines.filter { inline in
            if case .text(let t) = inline { return !t.trimmingCharactersInSpace().isEmpty }
            return inline != .softBreak && inline != .lineBreak
        }
        guard meaningful.count == 1, case .link(_, let destination, _) = meaningful[0] else { return false }
        return destination.hasPrefix("#")
    }

    /// `- [AWS console](https://…)`, `` - `assets.example.com` ``: an entry of a list of links or
    /// values to use, unless the link text itself says what to do ("[Install GPG](…)").
    static func isValueEntry(_ inlines: [Inline]) -> Bool {
        let meaningful = inlines.filter { inline in
            if case .text(let t) = inline { return !t.trimmingCharactersInSpace().trimmingCharacters(in: ",;.").isEmpty }
            return inline != .softBreak && inline != .lineBreak
        }
        guard meaningful.count == 1 else { return false }
        switch meaningful[0] {
        case .link(let text, _, _): return !StepShapes.readsAsAction(text.plainText)
        case .code(let code): return !CommandDetector.isPlainlyCommand(code)
        case .autolink: return true
        // "team@example.org": an address to write to; "[Action 1]": a blank of a template.
        case .text(let t):
            let v = t.trimmingCharactersInSpace()
            return !v.contains(" ") && (v.contains("@") || v.contains("://")) || v.hasPrefix("[") && v.hasSuffix("]") && !v.dropFirst().contains("[")
        default: return false
        }
    }

    /// `**Checkpoint** - [ ] The site returns 200`: a check box written inside a paragraph, after
    /// a short label. Returns the box's text and whether it is ticked.
    static func paragraphTask(_ plain: String) -> (text: String, done: Bool)? {
        for (box, done) in [("[ ] ", false), ("[x] ", true), ("[X] ", true)] {
            guard let r = plain.range(of: box) else { continue }
            let label = plain[..<r.lowerBound].trimmingCharactersInSpaceSub()
            guard label.count <= 30, label.isEmpty || label.hasSuffix("-") || label.hasSuffix(":") || label.hasSuffix("–") else { continue }
            let text = plain[r.upperBound...].trimmingCharactersInSpaceSub()
            return text.isEmpty ? nil : (String(text), done)
        }
        return nil
    }

    /// Whether a nested list holds detail lines (`- Owner: …`, `- Status: …`).
    static func hasDetailLines(_ body: [BlockNode]) -> Bool {
        body.contains { block in
            guard case .list = block.kind else { return false }
            return block.children.contains { item in
                guard let first = item.children.first, case .paragraph(let inlines) = first.kind else { return false }
                return StepDetail.isDetail(TitleText.collapsed(inlines.plainText))
            }
        }
    }

    /// "When did it start?": a question a review template asks, not work.
    static func isQuestion(_ plain: String) -> Bool {
        plain.trimmingCharactersInSpace().hasSuffix("?")
    }

    /// Whether a list's first item says what to do.
    static func leadsWithAction(_ list: BlockNode) -> Bool {
        guard let item = list.children.first, let first = item.children.first, case .paragraph(let inlines) = first.kind else { return false }
        return StepShapes.readsAsAction(TitleText.collapsed(inlines.plainText))
    }

    /// `2. **Monitoring Points**` with its nested list: a title naming what the list holds
    /// (metrics to watch, success criteria), which the list below is, not work.
    static func titleConsumer(_ plain: String) -> SectionRoles {
        let t = plain.trimmingCharactersInSpace().trimmingCharacters(in: ":*")
        guard !t.isEmpty, t.split(separator: " ").count <= 5 else { return [] }
        return SectionClassifier.consumingLabel(t).intersection([.metrics, .healthy])
    }

    /// "Metrics acceptable → Proceed to phase 2", "Failing -> Roll back": a decision's outcome.
    static func isDecisionOption(_ text: String) -> Bool {
        guard let arrow = text.range(of: "→") ?? text.range(of: "->") ?? text.range(of: "⇒") else { return false }
        let outcome = text[arrow.upperBound...].trimmingCharactersInSpaceSub().lowercased()
        return ["proceed", "continue", "go", "hold", "pause", "stop", "roll", "rollback", "abort", "halt", "wait", "investigate", "no-go", "escalate"]
            .contains { outcome.hasPrefix($0) }
    }

    /// `**2:00 AM: Pre-Launch Preparation**` (all bold, perhaps with an aside): a timed title
    /// over the list after it, not a step of its own.
    static func isBoldTitle(_ inlines: [Inline]) -> Bool {
        guard let first = inlines.first, case .strong = first else { return false }
        let rest = TitleText.collapsed(Array(inlines.dropFirst()).plainText).trimmingCharactersInSpace()
        return rest.isEmpty || rest.hasPrefix("(") && rest.hasSuffix(")")
    }
}
