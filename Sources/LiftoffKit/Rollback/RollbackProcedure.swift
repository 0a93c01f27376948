
/// The rollback procedure of a runbook (DESIGN §6 "The rollback procedure"): the steps of its
/// rollback section in order, each with its commands; a step without a command is a manual step
/// the procedure waits for. A `rollback:` list in a `liftoff` block replaces it with commands:
///
/// ```yaml
/// rollback:
///   - ./scripts/rollback.sh {{ENV}}
///   - ./scripts/migrate-down.sh {{ENV}}
/// ```
/// or, with the policy and the authority too:
/// ```yaml
/// rollback:
///   policy: auto
///   authority: [Engineering Lead, Engineering Manager]
///   quorum: 2
///   within: 15m
///   steps: [./scripts/rollback.sh]
/// ```
public struct RollbackProcedure: Hashable, Sendable {
    public struct Item: Hashable, Sendable {
        /// The step id (for a block list: `section-id/rollback-N`).
        public var step: String
        public var text: String
        public var owner: String?
        /// Commands as written in the runbook (`{{VARS}}` not yet filled); empty for a manual step.
        public var commands: [String]
        /// Declared safe to run twice (`idempotent: true`, `<!-- liftoff: idempotent -->`): a
        /// command interrupted by a crash runs again without asking (docs/launches.md).
        public var idempotent: Bool

        public init(step: String, text: String, owner: String?, commands: [String], idempotent: Bool = false) {
            self.step = step
            self.text = text
            self.owner = owner
            self.commands = commands
            self.idempotent = idempotent
        }

        public var isManual: Bool { commands.isEmpty }
    }

    public var items: [Item]
    /// `policy:` of a `rollback:` block; nil when the runbook does not say.
    public var policy: RollbackPolicy?
    /// `authority:` of a `rollback:` block; nil when the runbook's prose decides.
    public var authority: RollbackAuthority?

    public init(items: [Item], policy: RollbackPolicy? = nil, authority: RollbackAuthority? = nil) {
        self.items = items
        self.policy = policy
        self.authority = authority
    }

    public static func of(_ runbook: Runbook) -> RollbackProcedure {
        var procedure = RollbackProcedure(items: [])
        for annotation in runbook.annotations where annotation.form != .comment {
            guard let node = annotation.document.root, let rollback = node.mapping?["rollback"] else { continue }
            let owner = annotation.step ?? (runbook.sections.indices.contains(annotation.section) ? runbook.sections[annotation.section].id : "runbook")
            var list = rollback.sequence
            var allIdempotent = false
            if let fields = rollback.mapping {
                allIdempotent = fields["idempotent"]?.bool == true
                procedure.policy = fields["policy"]?.string.flatMap { RollbackPolicy(rawValue: $0.lowercased()) }
                var roles: [String] = []
                if let one = fields["authority"]?.string { roles = [one] }
                if let many = fields["authority"]?.sequence { roles = many.compactMap(\.string) }
                if !roles.isEmpty {
                    let quorum = fields["quorum"]?.string.flatMap { Int($0) } ?? 1
                    let within = fields["within"]?.string.flatMap { DurationParser.parse($0) }
                    procedure.authority = RollbackAuthority(tiers: [.init(name: "Rollback Authority", roles: roles, quorum: quorum, withinSeconds: within)])
                }
                list = fields["steps"]?.sequence
            }
            if let list {
                let commands = list.compactMap { node in
                    (node.string ?? node.mapping?["command"]?.string).map { ($0, node.mapping?["idempotent"]?.bool ?? allIdempotent) }
                }
                procedure.items = commands.enumerated().map { i, entry in
                    Item(step: "\(owner)/rollback-\(i + 1)", text: entry.0, owner: nil, commands: [entry.0], idempotent: entry.1)
                }
            }
        }
        if !procedure.items.isEmpty { return procedure }
        for step in runbook.steps where step.rollback {
            let commands = runCommands(of: step, in: runbook)
                ?? step.commands.filter { runbook.commands.indices.contains($0) }.map { runbook.commands[$0].code.trimmingCharacters(in: .whitespacesAndNewlines) }
            procedure.items.append(Item(step: step.id, text: step.text, owner: step.owner, commands: commands, idempotent: isIdempotent(step, in: runbook)))
        }
        return procedure
    }

    /// `idempotent: true` in a `liftoff` block of the step, or `<!-- liftoff: idempotent -->`.
    static func isIdempotent(_ step: Step, in runbook: Runbook) -> Bool {
        step.annotations.contains { index in
            guard runbook.annotations.indices.contains(index) else { return false }
            let annotation = runbook.annotations[index]
            if annotation.form == .comment { return annotation.text.trimmingCharactersInSpace().lowercased() == "idempotent" }
            return annotation.document.root?.mapping?["idempotent"]?.bool == true
        }
    }

    /// `run:` in a `liftoff` block of a step (under it, or naming it with `step:`): the commands
    /// Liftoff runs for it instead of the ones its prose shows (`bash scripts/rollback.sh`, an
    /// `aws …` call), so a rehearsal can run elsewhere while the prose stays as written.
    /// `run: []` makes the step manual there (nothing to run in that environment).
    static func runCommands(of step: Step, in runbook: Runbook) -> [String]? {
        for index in step.annotations where runbook.annotations.indices.contains(index) && runbook.annotations[index].form == .block {
            guard let node = runbook.annotations[index].document.root, let run = node.mapping?["run"] else { continue }
            return (run.sequence?.compactMap(\.string) ?? run.string.map { [$0] } ?? [])
                .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        }
        return nil
    }
}
