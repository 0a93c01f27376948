/// Splits prose into sentences, keeping decimals ("0.5%") and abbreviations ("e.g.") intact.
enum Sentences {
    static func split(_ text: String) -> [(String, Int)] {
        var out: [(String, Int)] = []
        var current = ""
        var start = 0
        let chars = Array(text)
        for (i, c) in chars.enumerated() {
            current.append(c)
            let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            if (c == "." || c == ";" || c == "!" || c == "?"), next == nil || next == " " {
                let trimmed = current.trimmingCharactersInSpace()
                if !trimmed.isEmpty { out.append((trimmed, start)) }
                current = ""
                start = i + 1
            }
        }
        let trimmed = current.trimmingCharactersInSpace()
        if !trimmed.isEmpty { out.append((trimmed, start)) }
        return out
    }
}

/// Time bounds on when a trigger applies: "within 15 minutes of traffic shift",
/// "For 30 minutes after a completed deployment".
enum TimeBound {
    static func activeFor(in text: String) -> Int? {
        // "within 15 minutes": a bound has a number, and numbers are ASCII digits.
        guard AnchorPrefilter.hasASCIIDigit(text) else { return nil }
        // And the words "within" or "for", then "of", "after" or "following": a word token is a
        // run of the text's own Characters, and only ASCII letters lower to ASCII letters other
        // than "k", so each word's bytes are in the text in some ASCII case.
        guard ["within", "for"].contains(where: { AnchorPrefilter.containsIgnoringASCIICase(text, $0) }),
              ["of", "after", "following"].contains(where: { AnchorPrefilter.containsIgnoringASCIICase(text, $0) }) else { return nil }
        return scanActiveFor(in: text)
    }

    /// `activeFor` without its byte-level prefilters (the tests hold the two equal).
    static func scanActiveFor(in text: String) -> Int? {
        let tokens = TriggerTokenizer.tokens(of: text.lowercased())
        for (i, token) in tokens.enumerated() where token == .word("within") || token == .word("for") {
            guard i + 2 < tokens.count, case .number(let n) = tokens[i + 1],
                  case .word(let unit) = tokens[i + 2], let factor = TriggerSentenceParser.durationFactor(unit) else { continue }
            // "for 5 minutes" alone is a for-duration; a bound refers to an event ("of", "after").
            if i + 3 < tokens.count, tokens[i + 3] == .word("of") || tokens[i + 3] == .word("after") || tokens[i + 3] == .word("following") {
                // A bound past any launch ("within 99999999999999999999 minutes") bounds nothing.
                return (n * factor).rounded(.towardZero).wholeNumber
            }
        }
        return nil
    }
}

/// Lines under a step that describe it rather than add work: `Owner: [QA Lead]`, `Status: …`.
enum StepDetail {
    static func isDetail(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":") else { return false }
        let key = text[..<colon]
        guard !key.isEmpty, key.count <= 32, key.first?.isUppercase == true else { return false }
        let words = key.split(separator: " ")
        guard words.count <= 4 else { return false }
        // A URL or a time (`H+0:15`) is not a label.
        return !key.contains("/") && !key.contains("+") && !key.contains("`") && key.allSatisfy { $0.quickIsLetter || $0 == " " || $0 == "-" || $0 == "(" || $0 == ")" }
    }

    /// A meeting's `Attendees: [Sponsor, PM]` / `Participants: …` line: they own the meeting step.
    static func participants(_ text: String) -> String? {
        let lower = text.lowercased()
        for key in ["attendees:", "participants:"] where lower.hasPrefix(key) {
            let value = OwnerParser.cleanName(String(text.dropFirst(key.count)))
            let roles = OwnerParser.roles(value)
            guard !roles.isEmpty, roles.allSatisfy(OwnerWords.looksLikeOwnerValue) else { return nil }
            // "Attendees: Go-live team" is everyone, not who runs the meeting.
            if roles.count == 1, let last = TitleText.normalized(value).split(separator: " ").last,
               ["team", "teams", "all", "everyone", "stakeholders"].contains(String(last)) { return nil }
            return value
        }
        return nil
    }

    static func decisionMaker(_ text: String) -> String? {
        let lower = text.lowercased()
        for key in ["decision maker:", "approver:", "signed by:", "sent by:"] where lower.hasPrefix(key) {
            return OwnerParser.cleanName(String(text.dropFirst(key.count)))
        }
        return nil
    }
}
