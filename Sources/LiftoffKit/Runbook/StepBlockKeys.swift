import LiftoffMarkdown

/// `owner:` and `at:` in a `liftoff` block that belongs to a step (written under it, or naming
/// it with `step:`) — the block form of `<!-- liftoff: owner="…" at=T-1h -->`, for steps that
/// cannot hold a comment, such as the items of a plain-text outline. Sub-steps that inherited
/// the step's owner or time take the new one. See docs/runbook-format.md, "Help and annotations".
enum StepBlockKeys {
    static func apply(_ runbook: inout Runbook) {
        for annotation in runbook.annotations where annotation.form == .block {
            guard annotation.text.utf8Contains("owner:") || annotation.text.utf8Contains("at:"),
                  let node = annotation.document.root, let mapping = node.mapping else { continue }
            let owner = mapping["owner"]
            let at = mapping["at"]
            guard owner != nil || at != nil else { continue }
            guard let stepID = annotation.step, let index = runbook.steps.firstIndex(where: { $0.id == stepID }) else {
                runbook.diagnostics.append(Diagnostic(.warning, "annotation-without-step", "owner: and at: belong to a step, and this block is under none", hint: "add `step: <the step's text or id>` to the block", at: annotation.position))
                continue
            }
            if let owner {
                if let name = owner.string?.trimmingCharactersInSpace(), !name.isEmpty {
                    set(index, in: &runbook, owner: name)
                } else {
                    runbook.diagnostics.append(Diagnostic(.error, "invalid-annotation", "owner: needs a role or name", hint: "owner: SRE Lead", at: position(of: owner, in: annotation)))
                }
            }
            if let at {
                let text = at.string?.trimmingCharactersInSpace() ?? ""
                if let anchor = TimeAnchorParser.parseLeading(Substring(text)) ?? TimeAnchorParser.findRelativePhrase(text) {
                    set(index, in: &runbook, window: TimeWindow(anchor))
                } else {
                    runbook.diagnostics.append(Diagnostic(.error, "invalid-annotation", "at: \(text) is not a time Liftoff can read", hint: "at: T-1h (or T-7d, T+30m, \"T+1 to T+7\")", at: position(of: at, in: annotation)))
                }
            }
        }
    }

    private static func position(of node: AnnotationNode, in annotation: Annotation) -> SourcePosition {
        SourcePosition(line: annotation.position.line + (node.mark?.line ?? 1) - 1, column: annotation.position.column + (node.mark?.column ?? 1) - 1)
    }

    private static func set(_ index: Int, in runbook: inout Runbook, owner: String) {
        let old = runbook.steps[index].owner
        runbook.steps[index].owner = owner
        for i in descendants(of: index, in: runbook) where runbook.steps[i].owner == old {
            runbook.steps[i].owner = owner
        }
    }

    private static func set(_ index: Int, in runbook: inout Runbook, window: TimeWindow) {
        let old = runbook.steps[index].window
        runbook.steps[index].window = window
        for i in descendants(of: index, in: runbook) where runbook.steps[i].window == old {
            runbook.steps[i].window = window
        }
    }

    /// Sub-steps come after their step; walking forward collects the whole subtree.
    private static func descendants(of index: Int, in runbook: Runbook) -> [Int] {
        var ids: Set<String> = [runbook.steps[index].id]
        var out: [Int] = []
        for i in runbook.steps.indices.dropFirst(index + 1) {
            if let parent = runbook.steps[i].parent, ids.contains(parent) {
                ids.insert(runbook.steps[i].id)
                out.append(i)
            }
        }
        return out
    }
}
