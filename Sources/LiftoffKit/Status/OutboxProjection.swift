import Foundation

/// The outbox of one launch, folded from its events: the launch state, and each pending status
/// update rendered as it stood when posted (progress and metrics at that seq, never later), so a
/// retry sends the same bytes as the first attempt.
///
/// ```swift
/// var outbox = try OutboxProjection(events: try await store.read(launch, from: 1))
/// for (channel, head) in outbox.state.outboxHeads { send(outbox.message(for: head.key), to: channel) }
/// try outbox.apply(newEvents)    // later: only what is new
/// ```
public struct OutboxProjection: Sendable {
    public private(set) var state: LaunchState
    /// Identifies the launch across databases, for idempotency keys.
    public let launchKey: String
    private var metrics = TriggerMetrics()
    private var messages: [Int: StatusMessage] = [:]
    /// What each channel's receiver named for the launch (the GitHub deployment id): the first one kept.
    private var references: [String: String] = [:]

    public init(events: [LaunchEvent]) throws(LaunchState.ProjectionError) {
        guard let first = events.first else { throw LaunchState.ProjectionError(seq: 0, message: "the launch has no events") }
        state = try LaunchState.fold([first])
        launchKey = DeliveryKey.launchKey(created: first)
        try apply(Array(events.dropFirst()))
    }

    /// Folds events that follow `state.seq`; events already applied are skipped.
    public mutating func apply(_ events: [LaunchEvent]) throws(LaunchState.ProjectionError) {
        for event in events where event.seq > state.seq {
            try state.apply(event)
            metrics.observe(event)
            observeReference(event)
            if event.eventType == .statusPosted,
               let message = StatusMessage(state: state, metrics: metrics.values, schedule: state.statusSchedule) {
                messages[event.seq] = message
            }
        }
        let owed = Set(state.pendingDeliveries.map(\.key.notification))
        messages = messages.filter { owed.contains($0.key) }
    }

    /// The rendered status update of an outbox entry that is still pending.
    public func message(for notification: Int) -> StatusMessage? { messages[notification] }

    public func idempotencyKey(_ key: DeliveryKey) -> String { key.idempotencyKey(launch: launchKey) }

    /// The reference a channel's receiver gave (a GitHub deployment id), kept in the log by
    /// `notification.delivered` or `notification.failed`, so a restarted dispatcher finds it.
    public func reference(channel: String) -> String? { references[channel] }

    /// The updates posted to `channel` before `notification`, oldest first: what PagerDuty and
    /// GitHub deliveries fold to know what is already open or reached. They never change once
    /// posted, so every retry sees the same list.
    public func earlierUpdates(channel: String, before notification: Int) -> [PostedStatus] {
        state.statuses.filter { $0.seq < notification && $0.channels.contains(channel) }
    }

    private mutating func observeReference(_ event: LaunchEvent) {
        switch event.eventType {
        case .notificationDelivered:
            if let d = try? event.decode(NotificationDelivered.self), let reference = d.reference, references[d.channel] == nil { references[d.channel] = reference }
        case .notificationFailed:
            if let f = try? event.decode(NotificationFailed.self), let reference = f.reference, references[f.channel] == nil { references[f.channel] = reference }
        default:
            break
        }
    }
}
