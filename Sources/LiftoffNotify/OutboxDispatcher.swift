import AsyncHTTPClient
import Foundation
import LiftoffKit
import LiftoffStore
import Logging
import NIOCore

/// Delivers the outbox of launches (DESIGN §9): every `status.posted` event to each channel it
/// names, oldest first per channel, recording `notification.delivered` / `notification.failed`
/// as the `system` actor. The event log is the truth: what is owed is folded from it on every
/// pass, so after a crash the delivery that was in flight is sent again with the same
/// idempotency key (at least once, never under a new key), and nothing is forgotten.
///
/// ```swift
/// let client = OutboxDispatcher.makeHTTPClient()
/// let dispatcher = OutboxDispatcher(store: store, httpClient: client)
/// try await dispatcher.run(launch: id)           // until the task is cancelled
/// // or, from a watcher's own loop:
/// let report = try await dispatcher.deliverDue(launch: id, now: Date())
/// try await client.shutdown()
/// ```
public actor OutboxDispatcher {
    public struct Configuration: Sendable {
        public var policy: RetryPolicy
        /// How long one request may take, connection included.
        public var requestTimeout: Duration
        /// How often `run` looks for retries that fell due (new events wake it at once).
        public var pollInterval: Duration
        /// A receiver's `Retry-After` is honoured up to this many seconds.
        public var maximumRetryAfter: TimeInterval

        public init(policy: RetryPolicy = .standard, requestTimeout: Duration = .seconds(10), pollInterval: Duration = .seconds(1), maximumRetryAfter: TimeInterval = 3600) {
            self.policy = policy
            self.requestTimeout = requestTimeout
            self.pollInterval = pollInterval
            self.maximumRetryAfter = maximumRetryAfter
        }
    }

    /// What one pass did, and what is left.
    public struct PassReport: Hashable, Sendable {
        public var delivered: [DeliveryKey] = []
        /// Failed attempts that will be retried.
        public var failed: [DeliveryKey] = []
        /// Final failures: Liftoff gave up on these.
        public var gaveUp: [DeliveryKey] = []
        /// Deliveries still owed after the pass.
        public var outstanding: Int = 0
        /// When the next owed delivery may be tried; nil when nothing is owed.
        public var nextAttempt: Date?
    }

    /// The actor recorded on delivery events.
    public static let actorName = "system"

    private let store: any EventStore
    private let delivery: HTTPDelivery
    private let environment: @Sendable (String) -> String?
    private let configuration: Configuration
    private let clock: @Sendable () -> Date
    private var random: ErasedRandom
    private let logger: Logger
    private var outboxes: [Int64: OutboxProjection] = [:]
    /// Earliest next attempt per delivery, once drawn (so the jitter is drawn once per failure).
    private var notBefore: [Int64: [DeliveryKey: Date]] = [:]
    private var passing: Set<Int64> = []

    /// - Parameters:
    ///   - httpClient: see `makeHTTPClient()`; the caller shuts it down.
    ///   - environment: resolves `env:NAME` in channel URLs and secrets, at delivery only.
    ///   - random: draws the backoff jitter (inject a seeded generator in tests).
    public init(
        store: any EventStore,
        httpClient: HTTPClient,
        environment: @escaping @Sendable (String) -> String? = { ProcessInfo.processInfo.environment[$0] },
        configuration: Configuration = Configuration(),
        clock: @escaping @Sendable () -> Date = { Date() },
        random: some RandomNumberGenerator & Sendable = SystemRandomNumberGenerator(),
        logger: Logger = Logger(label: "liftoff.notify")
    ) {
        self.store = store
        let timeout = configuration.requestTimeout.components
        let milliseconds = timeout.seconds * 1000 + timeout.attoseconds / 1_000_000_000_000_000
        delivery = HTTPDelivery(client: httpClient, timeout: .milliseconds(max(milliseconds, 1)))
        self.environment = environment
        self.configuration = configuration
        self.clock = clock
        self.random = ErasedRandom(random)
        self.logger = logger
    }

    /// A client for notifications: redirects are not followed; a receiver that refuses
    /// connections fails the attempt after `connectTimeout`. Shut it down when done.
    public static func makeHTTPClient(connectTimeout: Duration = .seconds(5)) -> HTTPClient {
        let c = connectTimeout.components
        return HTTPDelivery.makeClient(connectTimeout: .milliseconds(max(c.seconds * 1000 + c.attoseconds / 1_000_000_000_000_000, 1)))
    }

    // MARK: Driving

    /// One pass: reads what is new in the log, then on each channel sends the owed deliveries
    /// that are due at `now`, in order, stopping at the first that fails (it is retried after
    /// its backoff; the ones behind it wait). Channels are served concurrently. Throws only when
    /// the store cannot be read or written.
    @discardableResult
    public func deliverDue(launch: Int64, now: Date) async throws -> PassReport {
        guard passing.insert(launch).inserted else { return report(launch) }
        defer { passing.remove(launch) }
        try await refresh(launch)
        let channels = Set(outboxes[launch]?.state.pendingDeliveries.map(\.key.channel) ?? []).sorted()
        var result = PassReport()
        try await withThrowingTaskGroup(of: PassReport.self) { group in
            for channel in channels {
                group.addTask { try await self.serve(channel: channel, of: launch, now: now) }
            }
            for try await part in group {
                result.delivered += part.delivered
                result.failed += part.failed
                result.gaveUp += part.gaveUp
            }
        }
        let left = report(launch)
        result.outstanding = left.outstanding
        result.nextAttempt = left.nextAttempt
        return result
    }

    /// Delivers until the task is cancelled: passes whenever the launch's log grows and at the
    /// poll interval (for retries falling due). Store errors are logged and the loop goes on.
    public func run(launch: Int64) async {
        let (wakes, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let store = store
        let poll = configuration.pollInterval
        let from = (outboxes[launch]?.state.seq ?? 0) + 1
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    for try await _ in store.subscribe(launch, from: from) { wake.yield() }
                } catch {}
            }
            group.addTask {
                while (try? await Task.sleep(for: poll)) != nil { wake.yield() }
            }
            wake.yield()
            for await _ in wakes {
                if Task.isCancelled { break }
                do {
                    try await deliverDue(launch: launch, now: clock())
                } catch {
                    logger.error("outbox pass failed", metadata: ["launch": "\(launch)", "error": "\(error)"])
                }
            }
            group.cancelAll()
        }
    }

    /// Passes until nothing is owed (every delivery made or given up), sleeping until retries
    /// fall due. For `liftoff _deliver --until-idle` and for posting from the command line.
    public func drain(launch: Int64) async throws {
        while true {
            try Task.checkCancellation()
            let pass = try await deliverDue(launch: launch, now: clock())
            guard let next = pass.nextAttempt else { return }
            let wait = min(max(next.timeIntervalSince(clock()), 0.02), 60)
            try await Task.sleep(for: .milliseconds(Int(wait * 1000)))
        }
    }

    /// What is owed now, as the log says (reads what is new first).
    public func outstanding(launch: Int64) async throws -> [PendingDelivery] {
        try await refresh(launch)
        return outboxes[launch]?.state.pendingDeliveries ?? []
    }

    // MARK: One channel

    private func serve(channel: String, of launch: Int64, now: Date) async throws -> PassReport {
        var part = PassReport()
        while !Task.isCancelled {
            guard let outbox = outboxes[launch], let head = outbox.state.outboxHeads[channel], due(head, of: launch) <= now else { break }
            let attempt = head.nextAttemptNumber
            let outcome = await attemptDelivery(head.key, attempt: attempt, outbox: outbox)
            let failure = outcome.failure
            let final = failure.map { $0.isPermanent || configuration.policy.isFinal(attempt: attempt) } ?? false
            let draft: EventDraft = if let failure {
                EventDraft(actor: Self.actorName, NotificationFailed(notification: head.key.notification, channel: channel, attempt: attempt, error: failure.reason, final: final,
                                                                    reference: outcome.reference))
            } else {
                EventDraft(actor: Self.actorName, NotificationDelivered(notification: head.key.notification, channel: channel, attempt: attempt,
                                                                       reference: outcome.reference, skipped: outcome.skipped ? true : nil))
            }
            try await record(draft, for: head.key, of: launch)
            let meta: Logger.Metadata = ["launch": "\(launch)", "notification": "\(head.key.notification)", "channel": "\(channel)", "attempt": "\(attempt)"]
            guard let failure else {
                logger.info("notification delivered", metadata: meta)
                notBefore[launch]?[head.key] = nil
                part.delivered.append(head.key)
                continue
            }
            if final {
                logger.error("notification not delivered, giving up: \(failure.reason)", metadata: meta)
                notBefore[launch]?[head.key] = nil
                part.gaveUp.append(head.key)
                // The next one on this channel may go now.
                continue
            }
            var wait = configuration.policy.delay(afterAttempt: attempt, unit: Double.random(in: 0..<1, using: &random))
            if case .transient(_, let retryAfter?) = failure { wait = max(wait, min(retryAfter, configuration.maximumRetryAfter)) }
            notBefore[launch, default: [:]][head.key] = clock().addingTimeInterval(wait)
            logger.warning("notification attempt failed, retrying in \(wait < 10 ? String(format: "%.1f", wait) : String(Int(wait.rounded()))) s: \(failure.reason)", metadata: meta)
            part.failed.append(head.key)
            break
        }
        return part
    }

    private func attemptDelivery(_ key: DeliveryKey, attempt: Int, outbox: OutboxProjection) async -> DeliveryOutcome {
        guard let channel = outbox.state.channels.first(where: { $0.name == key.channel }) else {
            return .failed(.permanent("the launch has no notification channel '\(key.channel)'"))
        }
        guard let message = outbox.message(for: key.notification) else {
            return .failed(.permanent("event \(key.notification) cannot be rendered as a status update"))
        }
        let endpoint: ChannelEndpoint
        switch ChannelEndpoint.resolve(channel, environment: environment) {
        case .success(let e): endpoint = e
        case .failure(let f): return .failed(f)
        }
        let idempotencyKey = outbox.idempotencyKey(key)
        logger.debug("sending notification", metadata: ["notification": "\(key.notification)", "channel": "\(key.channel)", "attempt": "\(attempt)"])
        var outcome: DeliveryOutcome
        switch endpoint.kind {
        case .slack, .webhook:
            let request = DeliveryRequest(endpoint: endpoint, message: message, idempotencyKey: idempotencyKey)
            outcome = await delivery.send(request, now: clock).map { .failed($0) } ?? .delivered
        case .pagerduty:
            let earlier = outbox.earlierUpdates(channel: key.channel, before: key.notification).compactMap(\.cause)
            let requests = PagerDutyDelivery.requests(endpoint: endpoint, message: message, launchKey: outbox.launchKey, earlier: earlier, idempotencyKey: idempotencyKey)
            outcome = await PagerDutyDelivery(http: delivery).deliver(requests, now: clock)
        case .github:
            outcome = await GitHubDelivery(http: delivery).deliver(endpoint: endpoint, message: message, earlier: outbox.state.deploymentStates(of: outbox.earlierUpdates(channel: key.channel, before: key.notification)),
                                                                   deployment: outbox.reference(channel: key.channel), variables: outbox.state.created.variables, now: clock)
        }
        // Secrets never reach the log: every resolved value is masked out of the reason.
        switch outcome.failure {
        case .transient(let reason, let retryAfter)?: outcome.failure = .transient(endpoint.masked(reason), retryAfter: retryAfter)
        case .permanent(let reason)?: outcome.failure = .permanent(endpoint.masked(reason))
        case nil: break
        }
        return outcome
    }

    // MARK: The log

    /// When `head` may be tried: drawn once per failure, or from the log after a restart.
    private func due(_ head: PendingDelivery, of launch: Int64) -> Date {
        if let known = notBefore[launch]?[head.key] { return known }
        let at = head.earliestAttempt(policy: configuration.policy, unit: Double.random(in: 0..<1, using: &random))
        notBefore[launch, default: [:]][head.key] = at
        return at
    }

    /// Appends with the seq the projection has seen; on a conflict reads what is new and, unless
    /// someone else settled the delivery meanwhile, tries again.
    private func record(_ draft: EventDraft, for key: DeliveryKey, of launch: Int64) async throws {
        for _ in 0..<1000 {
            guard let outbox = outboxes[launch] else { return }
            if outbox.state.delivery(key).isSettled { return }
            do {
                let events = try await store.append([draft], to: launch, expectedSeq: outbox.state.seq)
                try await refresh(launch, adding: events)
                return
            } catch let error as StoreError where error.isConflict {
                try await refresh(launch)
            }
        }
        throw StoreError(.database, "gave up recording \(key) after 1000 conflicting writes to launch \(launch)")
    }

    /// Folds what the store has beyond the projection (or `events` just appended).
    private func refresh(_ launch: Int64, adding appended: [LaunchEvent]? = nil) async throws {
        let known = outboxes[launch]?.state.seq ?? 0
        let events: [LaunchEvent]
        if let appended {
            events = appended
        } else {
            events = try await store.read(launch, from: known + 1)
        }
        // Another channel may have advanced the projection while this one waited: fold into the
        // latest (already applied events are skipped).
        if var current = outboxes[launch] {
            if let first = events.first, first.seq > current.state.seq + 1 {
                try current.apply(try await store.read(launch, from: current.state.seq + 1))
            } else {
                try current.apply(events)
            }
            outboxes[launch] = current
        } else if !events.isEmpty {
            outboxes[launch] = try OutboxProjection(events: events)
        } else {
            throw StoreError(.launchNotFound, "no launch \(launch)", hint: "liftoff launch list shows the launches")
        }
    }

    private func report(_ launch: Int64) -> PassReport {
        guard let state = outboxes[launch]?.state else { return PassReport() }
        var report = PassReport()
        report.outstanding = state.pendingDeliveries.count
        report.nextAttempt = state.outboxHeads.values.map { due($0, of: launch) }.min()
        return report
    }
}

/// Holds the injected generator behind one concrete type (an existential cannot be passed inout).
private struct ErasedRandom: RandomNumberGenerator {
    private var draw: () -> UInt64

    init(_ generator: some RandomNumberGenerator) {
        var generator = generator
        draw = { generator.next() }
    }

    mutating func next() -> UInt64 { draw() }
}
