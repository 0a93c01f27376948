import LiftoffMarkdown

/// A list item (or block) the reader deliberately did not make a step, and what it read it as
/// instead — kept so `liftoff lint --explain` can say why a line is not a step
/// (docs/runbook-format.md, "Seeing what Liftoff read").
public struct ReadAs: Hashable, Sendable {
    public enum What: String, Hashable, Sendable, Codable, CaseIterable {
        /// An item of a `Required approvals from:` list: a role of the gate.
        case gateApprover = "gate approver"
        /// An item of a rollback / abort criteria list.
        case criterion
        /// Contacts, references, a change log.
        case contacts = "contacts or references"
        /// A table of contents: links to the sections, not work.
        case tableOfContents = "table of contents"
        /// Metrics or tools to watch.
        case metrics = "metrics to watch"
        /// Success / GO criteria, targets, SLOs: the healthy side, never a trigger.
        case successCriteria = "success criteria"
        /// `- Owner: …`, `- Status: …` under a step: a detail of that step.
        case stepDetail = "step detail"
        /// `**Owner:** X | **Due:** T-7 days` under a heading: the section's (or step's) owner and time.
        case ownerLine = "owner line"
        /// A plain bullet outside a procedure, checklist or timed phase: prose, not work.
        case content = "content"

        /// Whether the text is dropped (rather than read into something else).
        public var isIgnored: Bool {
            switch self {
            case .gateApprover, .criterion, .stepDetail, .ownerLine: false
            case .contacts, .tableOfContents, .metrics, .successCriteria, .content: true
            }
        }

        /// Why an item that is not a step was left out, from what its section is for.
        static func notStep(roles: SectionRoles, sectionTitle: String) -> What {
            let title = TitleText.normalized(sectionTitle)
            if title.utf8Contains("contents") || title == "toc" { return .tableOfContents }
            if roles.contains(.contacts) { return .contacts }
            if roles.contains(.metrics) { return .metrics }
            return .content
        }
    }

    public var what: What
    public var position: SourcePosition
    /// Last line (inclusive) of the item.
    public var endLine: Int
    /// Index into `Runbook.sections`.
    public var section: Int

    public init(what: What, position: SourcePosition, endLine: Int, section: Int) {
        self.what = what
        self.position = position
        self.endLine = endLine
        self.section = section
    }
}

extension RunbookBuilder {
    /// Notes what a block was read as when it is not a step.
    mutating func readAs(_ what: ReadAs.What, _ block: BlockNode, section: Int) {
        runbook.readAs.append(ReadAs(what: what, position: block.position, endLine: block.endLine, section: section))
    }
}
