import Foundation
import LiftoffKit
import LiftoffStore

/// Runs launch commands against a store: take the launch's state, let `LaunchDecider` decide,
/// append with that state's seq as the expected one; on a conflict read what is new, fold it in
/// and decide again (the command may now be refused, e.g. the step was marked meanwhile).
/// With `projections` (long-running processes) the state is kept between calls instead of
/// folded from the first event each time (docs/architecture.md).
///
/// ```swift
/// let service = LaunchService(store: store)
/// let events = try await service.execute(.markStep(step: id, mark: .done, note: nil), on: 1, by: actor)
/// ```
public struct LaunchService: Sendable {
    public let store: any EventStore
    public let clock: @Sendable () -> Date
    public let projections: LaunchProjections?

    public init(store: any EventStore, clock: @escaping @Sendable () -> Date = { Date() }, projections: LaunchProjections? = nil) {
        self.store = store
        self.clock = clock
        self.projections = projections
    }

    public enum Failure: Error, Sendable, CustomStringConvertible {
        case store(StoreError)
        case refused(Refusal)
        case projection(LaunchState.ProjectionError)

        public var description: String {
            switch self {
            case .store(let e): e.description
            case .refused(let r): r.description
            case .projection(let p): "the launch's events cannot be read: \(p)"
            }
        }
    }

    public func state(_ launch: Int64) async throws(Failure) -> LaunchState {
        if let projections { return try await projections.state(launch) }
        let events: [LaunchEvent]
        do {
            events = try await store.read(launch, from: 1)
        } catch {
            throw .store(error)
        }
        guard !events.isEmpty else {
            throw .store(StoreError(.launchNotFound, "no launch \(launch)", hint: "liftoff launch list shows the launches"))
        }
        do {
            return try LaunchState.fold(events)
        } catch {
            throw .projection(error)
        }
    }

    /// Decides and appends, retrying on conflicts; returns the events written. With a
    /// `credential`, nothing is written once it no longer holds (`StoreError.Kind.credentialEnded`).
    @discardableResult
    public func execute(_ command: LaunchCommand, on launch: Int64, by actor: LaunchActor, credential: CredentialCheck? = nil,
                        attempts: Int = 1000) async throws(Failure) -> [LaunchEvent] {
        let now = clock
        return try await record(on: launch, credential: credential, attempts: attempts) { state throws(Failure) in
            switch LaunchDecider.decide(state, command, by: actor, now: now()) {
            case .success(let d): return d
            case .failure(let refusal): throw .refused(refusal)
            }
        }
    }

    /// Appends what `decide` derives from the latest state; on a conflict, folds in what is new
    /// and asks again (the watcher's own events: trigger changes, actions, deliveries).
    /// An empty answer appends nothing.
    @discardableResult
    public func record(on launch: Int64, credential: CredentialCheck? = nil, attempts: Int = 1000,
                       _ decide: @Sendable (LaunchState) throws(Failure) -> [EventDraft]) async throws(Failure) -> [LaunchEvent] {
        guard let projections else {
            var state = try await state(launch)
            return try await record(on: &state, credential: credential, attempts: attempts, decide)
        }
        // Decided on the state as this process last saw it, without a read first: a conflict
        // catches up by itself, and a refusal stands only once checked against the latest events.
        var state = try await projections.stateForWriting(launch)
        do {
            return try await record(on: &state, credential: credential, attempts: attempts, decide)
        } catch {
            guard case .refused = error else { throw error }
            let seen = state.seq
            try await catchUp(&state)
            guard state.seq > seen else { throw error }
            return try await record(on: &state, credential: credential, attempts: attempts, decide)
        }
    }

    /// As `record(on:)`, starting from a state the caller keeps, which is brought up to date.
    @discardableResult
    public func record(on state: inout LaunchState, credential: CredentialCheck? = nil, attempts: Int = 1000,
                       _ decide: @Sendable (LaunchState) throws(Failure) -> [EventDraft]) async throws(Failure) -> [LaunchEvent] {
        let launch = state.launch
        for _ in 0..<attempts {
            let drafts = try decide(state)
            if drafts.isEmpty {
                await projections?.adopt(state)
                return []
            }
            let written: [LaunchEvent]
            do {
                written = try await store.append(drafts, to: launch, expectedSeq: state.seq, previousHash: state.lastHash, credential: credential)
            } catch where error.isConflict {
                try await catchUp(&state)
                continue
            } catch {
                throw .store(error)
            }
            do {
                for event in written { try state.apply(event) }
            } catch {
                throw .projection(error)
            }
            await projections?.adopt(state)
            return written
        }
        throw .store(StoreError(.database, "gave up after \(attempts) conflicting writes to launch \(launch)"))
    }

    /// Folds the events appended since `state` was last brought up to date.
    public func catchUp(_ state: inout LaunchState) async throws(Failure) {
        let events: [LaunchEvent]
        do {
            events = try await store.read(state.launch, from: state.seq + 1)
        } catch {
            throw .store(error)
        }
        do {
            for event in events { try state.apply(event) }
        } catch {
            throw .projection(error)
        }
    }
}
