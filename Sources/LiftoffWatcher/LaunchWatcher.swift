import Foundation
import LiftoffKit
import LiftoffApplication
import LiftoffStore
import Logging
import ServiceLifecycle

/// Watches launches and acts for them (DESIGN §6, §7, §9): runs due checks, evaluates triggers,
/// drives rollbacks and traffic shifts, posts status on its cadence and delivers the outbox.
/// Everything it decides is an event first, so after a crash it resumes from the log.
///
/// ```swift
/// let watcher = LaunchWatcher(service: LaunchService(store: store), launches: .only([1]))
/// try await ServiceGroup(services: [watcher], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger).run()
/// ```
public actor LaunchWatcher: Service {
    public enum Selection: Sendable, Hashable {
        /// Every launch that has not ended (what `serve` watches).
        case all
        case only([Int64])
    }

    let service: LaunchService
    let environment: WatcherEnvironment
    let selection: Selection
    let interval: Duration
    let exitWhenEnded: Bool
    let logger: Logger
    let checkSchedule: CheckSchedule
    /// Folded states, brought up to date at every pass instead of re-read.
    var states: [Int64: LaunchState] = [:]
    /// The last hour of each launch's events: the causes of automatic status posts.
    var recent: [Int64: [LaunchEvent]] = [:]
    /// Step durations of earlier launches of the same runbook, read once per launch, for the forecast.
    var histories: [Int64: StepHistory] = [:]
    static let recentWindow: TimeInterval = 3600

    public init(service: LaunchService, launches: Selection, environment: WatcherEnvironment = WatcherEnvironment(),
                interval: Duration = .seconds(1), exitWhenEnded: Bool = false, checkSchedule: CheckSchedule = CheckSchedule(),
                logger: Logger = Logger(label: "liftoff.watcher")) {
        self.service = service
        self.environment = environment
        selection = launches
        self.interval = interval
        self.exitWhenEnded = exitWhenEnded
        self.checkSchedule = checkSchedule
        self.logger = logger
    }

    /// Runs until cancelled, a graceful shutdown, or (with `exitWhenEnded`) every watched launch ended.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let active = await self.pass()
                if self.exitWhenEnded, active == 0 { return }
                // Cancellation (a graceful shutdown) ends the sleep: that is a normal stop.
                do { try await Task.sleep(for: self.interval) } catch { return }
            }
        }
    }

    /// One pass over every watched launch; returns how many have not ended (or still deliver).
    @discardableResult
    public func pass() async -> Int {
        let ids: [Int64]
        switch selection {
        case .only(let list):
            ids = list
        case .all:
            do {
                ids = try await service.store.launches().map(\.id)
            } catch {
                logger.error("cannot list launches: \(error)")
                return 1
            }
        }
        var active = 0
        for id in ids {
            guard !Task.isCancelled else { break }
            do {
                if try await watch(id) { active += 1 }
            } catch {
                logger.error("launch \(id): \(error)")
                active += 1
            }
        }
        return active
    }

    /// One pass over one launch; true while it needs watching.
    func watch(_ id: Int64) async throws(LaunchService.Failure) -> Bool {
        var state: LaunchState
        let fresh: [LaunchEvent]
        if let cached = states[id] {
            state = cached
            fresh = try await read(id, after: state.seq)
            do {
                for event in fresh { try state.apply(event) }
            } catch {
                throw .projection(error)
            }
        } else {
            fresh = try await read(id, after: 0)
            do {
                state = try LaunchState.fold(fresh)
            } catch {
                throw .projection(error)
            }
        }
        defer { states[id] = state }
        remember(fresh, of: id)
        // Posts for what others just did go out before this pass's slower work (checks can take
        // their whole timeout), so a later post by a person is not overtaken by an older cause.
        try await postOwedStatuses(&state)
        if state.ended == nil {
            try await runDueChecks(&state)
            try await checkRehearsals(&state)
            try await evaluateTriggers(&state)
            try await evaluateCriteria(&state)
            try await driveShifts(&state)
            try await driveRollback(&state)
            try await remindOwners(&state)
            try await warnOfOverrun(&state)
        }
        try await postOwedStatuses(&state)
        // Deliveries outlive the launch's end: the last posts still have to go out.
        var owesDeliveries = false
        if let deliver = environment.deliver {
            do {
                owesDeliveries = try await deliver(id, environment.now())
            } catch {
                logger.error("launch \(id): delivering status updates: \(error)")
                owesDeliveries = true
            }
        }
        return state.ended == nil || owesDeliveries
    }

    /// Status posts for what happened: milestones (ours and others'), phases, the cadence.
    func postOwedStatuses(_ state: inout LaunchState) async throws(LaunchService.Failure) {
        let events = recent[state.launch] ?? []
        let posted = try await commit(&state) { current, now in
            StatusMilestones.owed(events: events, state: current, now: now).map { EventDraft(actor: StatusMilestones.actor, $0) }
        }
        for post in posted { logger.info("launch \(state.launch): status \(Self.message(of: post))") }
    }

    func remember(_ events: [LaunchEvent], of id: Int64) {
        let horizon = environment.now().addingTimeInterval(-Self.recentWindow)
        var list = recent[id] ?? []
        list.append(contentsOf: events.filter { $0.time >= horizon })
        list.removeAll { $0.time < horizon }
        recent[id] = list
    }

    func read(_ id: Int64, after seq: Int) async throws(LaunchService.Failure) -> [LaunchEvent] {
        do {
            let events = try await service.store.read(id, from: seq + 1)
            if seq == 0, events.isEmpty {
                throw LaunchService.Failure.store(StoreError(.launchNotFound, "no launch \(id)", hint: "liftoff launch list shows the launches"))
            }
            return events
        } catch let failure as LaunchService.Failure {
            throw failure
        } catch let error as StoreError {
            throw .store(error)
        } catch {
            throw .store(StoreError(.database, "\(error)"))
        }
    }

    /// Appends what `decide` derives from the latest state (folding in others' events on a
    /// conflict, which are remembered too).
    @discardableResult
    func commit(_ state: inout LaunchState, _ decide: @escaping @Sendable (LaunchState, Date) -> [EventDraft]) async throws(LaunchService.Failure) -> [LaunchEvent] {
        let now = environment.now()
        let before = state.seq
        let written = try await service.record(on: &state) { current in decide(current, now) }
        let skipped = (written.first?.seq ?? state.seq + 1) - before - 1
        if skipped > 0 {
            // Others appended while we decided: fetch them so their milestones are seen.
            remember(try await read(state.launch, after: before).filter { $0.seq <= before + skipped }, of: state.launch)
        }
        remember(written, of: state.launch)
        return written
    }

    /// Evaluates the triggers that are due against the launch's Prometheus.
    func evaluateTriggers(_ state: inout LaunchState) async throws(LaunchService.Failure) {
        let now = environment.now()
        for rule in LiveRules.due(state, now: now) {
            let observation: TriggerObservation
            do {
                let answer = try await environment.query(rule.query, state.created.prometheus, environment.queryTimeout)
                observation = answer.resultType == "scalar"
                    ? .scalar(answer.samples.first?.value ?? .nan)
                    : .vector(answer.samples.map { (labels: $0.labels, value: $0.value) })
            } catch {
                observation = .error("\(error)")
            }
            let outcome = TriggerEvaluator.evaluate(rule, state: state.trigger(rule.id), observation: observation, now: now)
            let written = try await commit(&state) { current, _ in
                LiveRules.afterEvaluation(current, rule: rule, outcome: outcome, now: now)
            }
            state.record(outcome, for: rule)
            for event in written where event.type == EventType.triggerChanged.rawValue {
                if let change = try? event.decode(TriggerChanged.self) {
                    logger.info("launch \(state.launch): trigger \(rule.name) \(change.previous?.rawValue ?? "ok") → \(change.state.rawValue)\(change.value.map { " (\(rule.valueText($0)))" } ?? "")")
                }
            }
        }
    }

    /// Runs the rollback procedure once it is confirmed: its commands in order, stopping at the
    /// first failure; manual steps wait for their owners; the launch ends rolled back.
    func driveRollback(_ state: inout LaunchState) async throws(LaunchService.Failure) {
        while !Task.isCancelled {
            switch LiveRules.nextRollbackAction(state) {
            case .run(let step, _, let command):
                // The intent first: after a crash, a command started and never finished is not
                // run again blindly (docs/launches.md "Interrupted commands").
                let intent = try await commit(&state) { current, _ in
                    Self.pending(current, step: step, command: command) && current.interrupted[ActionStarted.key(.rollback, step, command)] == nil
                        || Self.idempotentRerun(current, step: step, command: command)
                        ? [EventDraft(actor: LiveRules.actor, ActionStarted(purpose: .rollback, step: step, command: command))] : []
                }
                guard !intent.isEmpty else { continue }
                logger.info("launch \(state.launch): rollback: running \(command)")
                let prepared = PreparedCommand(command, variables: state.created.launchVariables, environment: environment.variables)
                let ran = await environment.runAction(prepared, .rollback, step, environment.actionTimeout)
                try await commit(&state) { current, _ in
                    // Recorded once: a second watcher (or a restart) must not record it twice.
                    Self.pending(current, step: step, command: command) ? [EventDraft(actor: LiveRules.actor, ran)] : []
                }
            case .finished:
                try await commit(&state) { current, _ in
                    LiveRules.nextRollbackAction(current) == .finished
                        ? [EventDraft(actor: LiveRules.actor, LaunchEnded(outcome: .rolledBack, note: "rollback procedure completed"))] : []
                }
                logger.info("launch \(state.launch): rolled back")
                return
            case .interrupted(let step, let command, let since):
                logger.warning("launch \(state.launch): rollback: `\(command)` (\(step)) was started at \(CanonicalTime.string(since)) and never finished; waiting for the rollback authority: liftoff rollback resume \(state.launch) --rerun|--done|--skip")
                return
            case .awaitingConfirmation(let authority, _, _):
                if LiveRules.rollbackEscalated(state, now: environment.now()) {
                    let message = "Rollback still not confirmed by \(authority) within the agreed time; escalating"
                    try await commit(&state) { current, _ in
                        current.statuses.contains { $0.milestone == StatusMilestones.rollbackEscalated } ? []
                            : [EventDraft(actor: LiveRules.actor, StatusPosted(status: .red, message: message, milestone: StatusMilestones.rollbackEscalated,
                                                                              channels: current.internalChannels, cause: StatusCause(.rollbackEscalated, trigger: current.rollback?.request.trigger),
                                                                              decision: current.rollback?.requestSeq.map { .rollback(requestSeq: $0) }))]
                    }
                }
                return
            case .none, .waitForStep, .stopped:
                return
            }
        }
    }

    static func pending(_ state: LaunchState, step: String, command: String) -> Bool {
        switch LiveRules.nextRollbackAction(state) {
        case .run(let s, _, let c), .interrupted(let s, let c, _): return s == step && c == command
        default: return false
        }
    }

    /// An idempotent command interrupted earlier: it runs again, with a new intent.
    static func idempotentRerun(_ state: LaunchState, step: String, command: String) -> Bool {
        guard case .run(let s, _, let c) = LiveRules.nextRollbackAction(state), s == step, c == command else { return false }
        return state.interrupted[ActionStarted.key(.rollback, step, command)] != nil
    }

    /// Moves traffic in stages: runs the stage's command, pauses while the analysis holds,
    /// aborts into the rollback when it does not.
    func driveShifts(_ state: inout LaunchState) async throws(LaunchService.Failure) {
        for shift in state.shiftSteps {
            var moved = true
            while moved, !Task.isCancelled {
                moved = false
                let now = environment.now()
                switch LiveRules.nextShiftAction(state, shift, now: now) {
                case .start(let stage, let weight):
                    if let stop = state.shiftStop(now: now) {
                        logger.debug("launch \(state.launch): shift \(shift.step): stage \(stage + 1) waits: \(stop)")
                        break
                    }
                    let intent = try await commit(&state) { current, _ in
                        LiveRules.nextShiftAction(current, shift, now: now) == .start(stage: stage, weight: weight)
                            ? [EventDraft(actor: LiveRules.actor, ActionStarted(purpose: .shift, step: shift.step, command: shift.command, weight: weight))] : []
                    }
                    guard !intent.isEmpty else { break }
                    logger.info("launch \(state.launch): shift \(shift.step): stage \(stage + 1) → \(weight)%")
                    let prepared = PreparedCommand(shift.command, variables: state.created.launchVariables, extra: ["weight": String(weight)], environment: environment.variables)
                    let ran = await environment.runAction(prepared, .shift, shift.step, environment.actionTimeout)
                    try await commit(&state) { current, _ in
                        // Our own intent makes the stage look interrupted until its result is in.
                        switch LiveRules.nextShiftAction(current, shift, now: now) {
                        case .start(stage, weight), .interrupted(stage, weight, _): break
                        default: return []
                        }
                        let action = EventDraft(actor: LiveRules.actor, ran)
                        if ran.succeeded {
                            return [action, EventDraft(actor: LiveRules.actor, ShiftStage(step: shift.step, weight: weight, state: .started, reason: nil))]
                        }
                        let why = ran.error ?? "the command exited \(ran.exitCode.map(String.init) ?? "?")"
                        return [action] + LiveRules.shiftAbort(current, shift, weight: weight, reason: "setting \(weight)% failed: \(why)")
                    }
                    moved = ran.succeeded
                case .pass(let stage, let weight):
                    try await commit(&state) { current, now in
                        LiveRules.nextShiftAction(current, shift, now: now) == .pass(stage: stage, weight: weight)
                            ? [EventDraft(actor: LiveRules.actor, ShiftStage(step: shift.step, weight: weight, state: .passed, reason: nil))] : []
                    }
                    moved = true
                case .abort(_, let weight, let reason):
                    logger.warning("launch \(state.launch): shift \(shift.step) aborted at \(weight)%: \(reason)")
                    try await commit(&state) { current, now in
                        if case .abort = LiveRules.nextShiftAction(current, shift, now: now) {
                            return LiveRules.shiftAbort(current, shift, weight: weight, reason: reason)
                        }
                        return []
                    }
                case .finished:
                    try await markShiftDone(&state, shift)
                case .interrupted(_, let weight, let since):
                    logger.warning("launch \(state.launch): shift \(shift.step): setting \(weight)% was started at \(CanonicalTime.string(since)) and never finished; waiting for the rollback authority: liftoff rollback resume \(state.launch) --rerun|--done|--skip")
                case .idle, .wait:
                    break
                }
            }
        }
    }

    /// Gates that require a rehearsed rollback: looks at the earlier launches of the runbook and
    /// records what it found as the gate's check (`RehearsalRequirement`).
    func checkRehearsals(_ state: inout LaunchState) async throws(LaunchService.Failure) {
        let now = environment.now()
        let due = state.plan.rehearsalRequirements.filter { $0.due(state, now: now) }
        guard !due.isEmpty else { return }
        let earlier = await service.earlierLaunches(of: state)
        let current = state
        let results = due.map { $0.evidence(for: current, earlier: earlier, now: now) }
        for r in results { logger.info("launch \(state.launch): \(r.check) \(r.result.rawValue): \(r.observed ?? "")") }
        try await commit(&state) { current, now in
            (try? LaunchDecider.decide(current, .recordChecks(results), by: .system, now: now).get()) ?? []
        }
    }

    /// Tells the communications owner once when the forecast end passes the window's end.
    func warnOfOverrun(_ state: inout LaunchState) async throws(LaunchService.Failure) {
        guard state.forecastOverrun == nil else { return }
        let history: StepHistory
        if let known = histories[state.launch] {
            history = known
        } else {
            history = await service.history(of: state)
            histories[state.launch] = history
        }
        let written = try await commit(&state) { current, now in
            ForecastAlarm.overrun(current, history: history, now: now).map { [EventDraft(actor: LiveRules.actor, $0)] } ?? []
        }
        for event in written { logger.warning("launch \(state.launch): \(state.activity.last { $0.seq == event.seq }?.summary ?? event.type)") }
    }

    /// A shift that went through every stage is its step done.
    func markShiftDone(_ state: inout LaunchState, _ shift: ShiftStep) async throws(LaunchService.Failure) {
        let records = state.shifts[shift.step] ?? []
        guard !records.contains(where: { $0.state == .aborted }), state.progress(of: shift.step).state == .pending else { return }
        let weights = records.filter { $0.state == .passed }.map { "\($0.weight)%" }.joined(separator: " → ")
        try await commit(&state) { current, now in
            guard current.progress(of: shift.step).state == .pending else { return [] }
            switch LaunchDecider.decide(current, .markStep(step: shift.step, mark: .done, note: "traffic shifted \(weights)"), by: .system, now: now) {
            case .success(let drafts): return drafts
            case .failure: return []
            }
        }
    }

    static func message(of event: LaunchEvent) -> String {
        (try? event.decode(StatusPosted.self)).map { "\($0.status.label) \($0.message)" } ?? event.type
    }

    /// Reminds owners once when their steps come due and once when they are overdue.
    func remindOwners(_ state: inout LaunchState) async throws(LaunchService.Failure) {
        let written = try await commit(&state) { current, now in
            StepReminders.owed(current, now: now).map { EventDraft(actor: LiveRules.actor, $0) }
        }
        for event in written {
            logger.info("launch \(state.launch): \(state.activity.last { $0.seq == event.seq }?.summary ?? event.type)")
        }
    }

    /// Runs the checks that matter now and records them; gates decide on them.
    func runDueChecks(_ state: inout LaunchState) async throws(LaunchService.Failure) {
        let due = checkSchedule.due(state, now: environment.now())
        guard !due.isEmpty else { return }
        let results = await environment.runChecks(due, state.created.launchVariables)
        let ran = results.map { result in
            CheckRan(check: result.check.id, gate: nil, step: result.check.step,
                     result: result.status == .pass ? .pass : (result.status == .fail ? .fail : .error),
                     expected: result.check.expectation, observed: result.summary)
        }
        for r in ran { logger.info("launch \(state.launch): check \(r.check) \(r.result.rawValue)") }
        try await commit(&state) { current, now in
            (try? LaunchDecider.decide(current, .recordChecks(ran), by: .system, now: now).get()) ?? []
        }
    }
}
