import Foundation
import LiftoffKit
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
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let active = await self.pass()
                if self.exitWhenEnded, active == 0 { return }
                try await Task.sleep(for: self.interval)
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
        if let cached = states[id] {
            state = cached
            try await service.catchUp(&state)
        } else {
            state = try await service.state(id)
        }
        defer { states[id] = state }
        guard state.ended == nil else { return false }
        try await runDueChecks(&state)
        return state.ended == nil
    }

    /// Runs the checks that matter now and records them; gates decide on them.
    func runDueChecks(_ state: inout LaunchState) async throws(LaunchService.Failure) {
        let due = checkSchedule.due(state, now: environment.now())
        guard !due.isEmpty else { return }
        let results = await environment.runChecks(due, state.created.prometheus)
        let ran = results.map { result in
            CheckRan(check: result.check.id, gate: nil, step: result.check.step,
                     result: result.status == .pass ? .pass : (result.status == .fail ? .fail : .error),
                     expected: result.check.expectation, observed: result.summary)
        }
        for r in ran { logger.info("launch \(state.launch): check \(r.check) \(r.result.rawValue)") }
        let now = environment.now
        try await service.record(on: &state) { current throws(LaunchService.Failure) in
            switch LaunchDecider.decide(current, .recordChecks(ran), by: .system, now: now()) {
            case .success(let drafts): return drafts
            case .failure(let refusal): throw .refused(refusal)
            }
        }
    }
}
