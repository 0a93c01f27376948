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

    /// "Step 4", "Phase B", "Stage 2", "Step 1 -".
    static func startsWithStepNumber(_ text: String) -> Bool {
        let words = text.lowercased().split(whereSeparator: { $0 == " " || $0 == ":" || $0 == "." || $0 == "-" || $0 == "—" || $0 == "–" })
        guard words.count >= 2, ["step", "phase", "stage"].contains(String(words[0])) else { return false }
        let marker = words[1]
        return marker.allSatisfy(\.isNumber) || (marker.count == 1 && marker.first?.isLetter == true)
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
        guard let first = trimmed.lowercased().split(whereSeparator: { !$0.isLetter && $0 != "-" }).first else { return false }
        return verbs.contains(String(first)) || extraVerbs.contains(String(first))
    }

    private static let extraVerbs: Set<String> = [
        "ask", "assign", "call", "change", "click", "copy", "edit", "email", "enter", "file", "find", "go", "inform", "let", "link",
        "make", "note", "record", "register", "reply", "request", "select", "share", "tell", "type", "use", "download", "fill",
        "follow", "get", "give", "keep", "look", "login", "log", "navigate", "ping", "post", "put", "read", "refresh", "reload",
        "remind", "repeat", "replace", "report", "save", "search", "see", "setup", "sign", "take", "turn", "unpin", "visit",
        "pull", "fetch", "clone", "checkout", "commit", "draft", "announce", "hand", "handoff", "backfill", "bootstrap",
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
        let words = rest.lowercased().split(whereSeparator: { !$0.isLetter && $0 != "-" }).map(String.init)
        guard let first = words.first else { return false }
        if words.contains(where: notActions.contains) { return false }
        return verbs.contains(first) || isGerund(first) || words.contains(where: actionNouns.contains)
    }

    /// "Updating", "Tagging", "Running": the verb of a heading written as an activity.
    private static func isGerund(_ word: String) -> Bool {
        guard word.hasSuffix("ing"), word.count > 5 else { return false }
        let stem = String(word.dropLast(3))
        let undoubled = stem.count > 2 && stem.last == stem.dropLast().last ? String(stem.dropLast()) : stem
        return verbs.contains(stem) || verbs.contains(stem + "e") || verbs.contains(undoubled)
    }
}
