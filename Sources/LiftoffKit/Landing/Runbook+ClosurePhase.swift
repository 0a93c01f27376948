extension Runbook {
    /// The runbook with its closure items as its last phase, `Closure`: due at the end of its
    /// latest phase (or T-0), one step per item with its owner, so the checklist, reminders,
    /// the war room and the report carry the closing work like any other (docs/launches.md,
    /// "Landing the launch"). Unchanged when there are none.
    public func withClosurePhase() -> Runbook {
        guard let first = closureItems.first, let last = closureItems.last else { return self }
        var copy = self
        let ends = phases.compactMap { ($0.window ?? $0.anchor.map(TimeWindow.init))?.end }
        let start = max(ends.max() ?? .zero, .zero)
        let anchor = TimeAnchor(start: start, end: start, text: Plan.offsetText(start), matchedLength: 0)
        let id = sections.contains { $0.id == "closure" } ? "launch-closure" : "closure"
        var section = Section(id: id, title: "Closure", level: 2, position: first.position, endLine: last.position.line, parent: sections.isEmpty ? nil : 0)
        section.anchor = anchor
        section.window = TimeWindow(anchor)
        section.roles = [.procedure]
        let index = copy.sections.count
        copy.sections.append(section)
        var ids = IDAllocator()
        for step in steps { _ = ids.reserve(step.id) }
        for item in closureItems {
            var step = Step(id: ids.allocate("\(id)/\(Slug.make(item.text))"), text: item.group.map { "\($0): \(item.text)" } ?? item.text,
                            kind: .item, position: item.position, section: index)
            step.owner = item.owner
            step.window = section.window
            copy.steps.append(step)
        }
        return copy
    }
}
