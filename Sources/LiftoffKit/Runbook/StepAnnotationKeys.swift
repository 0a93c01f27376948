/// `<!-- liftoff: owner="SRE Lead" at=T-1h -->` on a step (a list item or a table row) says what
/// the prose does not: who owns it and when it is due. `id=` is read earlier (explicit ids are
/// reserved before any step is made). See docs/runbook-format.md, "Help and annotations".
enum StepAnnotationKeys {
    struct Pair: Equatable {
        var key: String
        var value: String
    }

    /// `after=` is read by `DependencyReader`; `duration=` here.
    static let known: Set<String> = ["id", "owner", "at", "after", "duration"]

    /// The leading `key=value` pairs of an annotation (values may be quoted with `"` or `'`),
    /// and whether they are all it says. Text that is not a pair (`check …`) ends the list.
    static func pairs(_ text: String) -> (pairs: [Pair], whole: Bool) {
        var pairs: [Pair] = []
        var rest = Substring(text)
        while true {
            rest = rest.drop { $0 == " " || $0 == "\t" || $0 == "\n" }
            guard !rest.isEmpty else { return (pairs, true) }
            let key = rest.prefix { $0.isASCII && ($0.quickIsLetter || $0 == "-" || $0 == "_") }
            guard !key.isEmpty, rest.dropFirst(key.count).first == "=" else { return (pairs, false) }
            var value = rest.dropFirst(key.count + 1)
            let text: Substring
            if let quote = value.first, quote == "\"" || quote == "'" {
                value = value.dropFirst()
                text = value.prefix { $0 != quote }
                rest = value.dropFirst(text.count + 1)
            } else {
                text = value.prefix { $0 != " " && $0 != "\t" && $0 != "\n" }
                rest = value.dropFirst(text.count)
            }
            pairs.append(Pair(key: key.lowercased(), value: String(text).trimmingCharactersInSpace()))
        }
    }

    /// Applies `owner=` and `at=` of every comment annotation on a step, before owners and
    /// windows are inherited (so a step's sub-steps take them too).
    static func apply(to builder: inout RunbookBuilder) {
        for annotation in builder.runbook.annotations where annotation.form == .comment {
            let (pairs, whole) = pairs(annotation.text)
            guard !pairs.isEmpty else { continue }
            if whole {
                for pair in pairs where !known.contains(pair.key) {
                    builder.diagnose(Diagnostic(.warning, "unknown-annotation-key", "'\(pair.key)=' is not an annotation Liftoff reads", hint: "a step takes id=, owner=\"ROLE\", at=T-1h, after=\"OTHER STEP\" and duration=15m", at: annotation.position))
                }
            }
            if let duration = pairs.first(where: { $0.key == "duration" }), let step = annotation.step {
                if let seconds = RunbookDurations.read(duration.value) {
                    builder.setStepDuration(seconds, stepID: step)
                } else {
                    builder.diagnose(Diagnostic(.error, "invalid-annotation", "duration=\"\(duration.value)\" is not a duration Liftoff can read", hint: "write it as duration=15m, duration=1h or duration=\"1h 30m\"", at: annotation.position))
                }
            }
            let wanted = pairs.filter { $0.key == "owner" || $0.key == "at" }
            guard !wanted.isEmpty else { continue }
            guard let step = annotation.step else {
                builder.diagnose(Diagnostic(.warning, "annotation-without-step", "owner= and at= belong on a step, and this annotation is on none", hint: "put the comment on the step's own line: - [ ] Deploy <!-- liftoff: owner=\"SRE Lead\" -->", at: annotation.position))
                continue
            }
            for pair in wanted {
                if pair.key == "owner" {
                    if pair.value.isEmpty {
                        builder.diagnose(Diagnostic(.error, "invalid-annotation", "owner= needs a role or name", hint: "owner=\"SRE Lead\"", at: annotation.position))
                    } else {
                        builder.setStepOwner(pair.value, stepID: step)
                    }
                } else if let anchor = TimeAnchorParser.parseLeading(Substring(pair.value)) ?? TimeAnchorParser.findRelativePhrase(pair.value) {
                    builder.setStepWindow(TimeWindow(anchor), stepID: step)
                } else {
                    builder.diagnose(Diagnostic(.error, "invalid-annotation", "at=\"\(pair.value)\" is not a time Liftoff can read", hint: "write it as at=T-1h, at=T-7d, at=T+30m or at=\"T+1 to T+7\"", at: annotation.position))
                }
            }
        }
    }
}
