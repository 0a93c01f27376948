import Foundation

/// What a launch takes from its runbook and variables, compiled once: the runbook with the
/// stored (non-secret) variables filled in, its checks and which gate each belongs to, the
/// trigger rules, the rollback procedure and authority, the traffic shift steps.
///
/// A plan is immutable and shared: every `LaunchState` of the same (runbook, variables, time
/// zone) points at one plan (`LaunchPlanCache`), so folding events never parses Markdown.
/// See docs/architecture.md, "Plan and progress".
public final class LaunchPlan: Sendable {
    public let runbook: Runbook
    public let timeZone: TimeZone
    /// The checks of the runbook (variables filled), for the watcher to run.
    public let checks: [Check]
    /// Gate id → ids of the checks that are its evidence: the checks in the gate's section.
    public let gateChecks: [String: [String]]
    /// Gates that wait for a rehearsal of the rollback (`requires rehearsal of rollback within 14d`);
    /// each is also one of its gate's checks.
    public let rehearsalRequirements: [RehearsalRequirement]
    /// The triggers this launch evaluates (explicit ones and the prose candidates its vars bind).
    public let triggerRules: [TriggerRule]
    public let rollbackProcedure: RollbackProcedure
    public let rollbackAuthority: RollbackAuthority
    /// The runbook's traffic shift steps.
    public let shiftSteps: [ShiftStep]
    /// The runbook's success criteria, metric ones bound to queries (docs/launches.md, "Landing the launch").
    public let successChecks: [SuccessCheck]
    private let successIndex: [String: Int]
    /// What each step and gate waits for (docs/runbook-format.md, "Dependencies").
    public let dependencies: DependencyGraph
    /// Nodes that can start at all: not on a cycle, nor waiting for one.
    public let placed: Set<ClockNode>
    /// Step id → how long the runbook says it takes; steps it says nothing about are absent.
    public let runbookEstimates: [String: StepEstimate]
    /// Windows in which the watcher starts no traffic shift stage (vars file and front matter).
    public let freezes: [FreezeWindow]
    /// Who to call: the runbook's contacts and escalation tables (docs/war-room.md, "What the war room shows": People).
    public let contacts: [Contact]
    private let stepIndex: [String: Int]
    private let gateIndex: [String: Int]
    private let triggerIndex: [String: Int]

    /// Compiles the plan of a launch from its `launch.created` payload (pure; see `LaunchPlanCache`
    /// for the shared, compile-once path).
    public init(_ created: LaunchCreated) {
        timeZone = TimeZone(identifier: created.timeZone) ?? TimeZone(identifier: "UTC") ?? .current
        let variables = created.launchVariables
        let runbook = RunbookExtractor.extract(created.runbookSource, file: created.runbookFile).withClosurePhase().substituting(variables)
        self.runbook = runbook
        // Checks that cannot be read stay out of the launch; `lint` and `check` report them.
        let checks = runbook.checks(vars: variables).checks
        self.checks = checks
        var gateChecks: [String: [String]] = [:]
        for gate in runbook.gates {
            let ids = checks.filter { $0.section == gate.section }.map(\.id)
            if !ids.isEmpty { gateChecks[gate.id] = ids }
        }
        let rehearsals = RehearsalRequirement.of(runbook)
        for requirement in rehearsals { gateChecks[requirement.gate, default: []].append(requirement.check) }
        self.gateChecks = gateChecks
        rehearsalRequirements = rehearsals
        let triggerRules = runbook.triggers(vars: variables)
        self.triggerRules = triggerRules
        let procedure = RollbackProcedure.of(runbook)
        rollbackProcedure = procedure
        let visible = variables.values.filter { !$0.value.hasPrefix("env:") }
        rollbackAuthority = procedure.authority ?? RollbackAuthority.read(source: created.runbookSource, values: visible)
        shiftSteps = runbook.shiftSteps(vars: variables).shifts
        let successChecks = runbook.successChecks(vars: variables)
        self.successChecks = successChecks
        successIndex = Self.index(successChecks.map(\.id))
        let dependencies = DependencyGraph.of(runbook)
        self.dependencies = dependencies
        placed = Set(dependencies.order)
        var estimates: [String: StepEstimate] = [:]
        for step in runbook.steps { estimates[step.id] = StepEstimates.fromRunbook(step, in: runbook) }
        runbookEstimates = estimates
        // Unreadable freezes are refused when the vars file is read, and reported by `lint`.
        freezes = FreezeWindows.texts(variables: variables, runbook: runbook).compactMap { [timeZone] in try? FreezeWindow.parse($0.text, timeZone: timeZone) }
        contacts = runbook.contacts
        stepIndex = Self.index(runbook.steps.map(\.id))
        gateIndex = Self.index(runbook.gates.map(\.id))
        triggerIndex = Self.index(triggerRules.map(\.id))
    }

    public func step(_ id: String) -> Step? { stepIndex[id].map { runbook.steps[$0] } }

    public func gate(_ id: String) -> Gate? { gateIndex[id].map { runbook.gates[$0] } }

    public func triggerRule(_ id: String) -> TriggerRule? { triggerIndex[id].map { triggerRules[$0] } }

    public func successCheck(_ id: String) -> SuccessCheck? { successIndex[id].map { successChecks[$0] } }

    /// First occurrence wins, as `first { $0.id == id }` did.
    private static func index(_ ids: [String]) -> [String: Int] {
        var index: [String: Int] = [:]
        for (i, id) in ids.enumerated() where index[id] == nil { index[id] = i }
        return index
    }
}
