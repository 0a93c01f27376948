import Foundation

/// The outbox (DESIGN §9): every `status.posted` names its channels; `notification.delivered`
/// and `notification.failed` record what became of each. What is still owed is a pure function
/// of the log, so a restarted dispatcher knows exactly what to send.
extension LaunchState {
    mutating func applyDelivered(_ d: NotificationDelivered, at time: Date) -> String {
        let key = DeliveryKey(notification: d.notification, channel: d.channel)
        var progress = deliveries[key] ?? DeliveryProgress()
        progress.attempts = max(progress.attempts, d.attempt)
        progress.lastAttemptAt = time
        // A second delivered record (two dispatchers raced) keeps the first time.
        if progress.deliveredAt == nil { progress.deliveredAt = time }
        deliveries[key] = progress
        if d.skipped == true { return "\(key): nothing to send for this update" }
        return "\(key) delivered (attempt \(d.attempt))"
    }

    mutating func applyFailed(_ f: NotificationFailed, at time: Date) -> String {
        let key = DeliveryKey(notification: f.notification, channel: f.channel)
        var progress = deliveries[key] ?? DeliveryProgress()
        progress.attempts = max(progress.attempts, f.attempt)
        progress.lastAttemptAt = time
        progress.lastError = f.error
        if f.final, progress.gaveUpAt == nil, progress.deliveredAt == nil { progress.gaveUpAt = time }
        deliveries[key] = progress
        return "\(key) failed (attempt \(f.attempt)): \(f.error)" + (f.final ? "; gave up" : "; will retry")
    }

    /// What the log says about one delivery (never tried: attempts 0).
    public func delivery(_ key: DeliveryKey) -> DeliveryProgress {
        deliveries[key] ?? DeliveryProgress()
    }

    /// Deliveries neither made nor given up, in the order their status updates were posted.
    public var pendingDeliveries: [PendingDelivery] {
        var out: [PendingDelivery] = []
        for status in statuses {
            var seen: Set<String> = []
            for channel in status.channels where seen.insert(channel).inserted {
                let key = DeliveryKey(notification: status.seq, channel: channel)
                let progress = delivery(key)
                if !progress.isSettled { out.append(PendingDelivery(key: key, postedAt: status.at, progress: progress)) }
            }
        }
        return out
    }

    /// The next delivery owed on each channel: later ones wait so receivers see them in order.
    public var outboxHeads: [String: PendingDelivery] {
        var heads: [String: PendingDelivery] = [:]
        for pending in pendingDeliveries where heads[pending.key.channel] == nil {
            heads[pending.key.channel] = pending
        }
        return heads
    }
}
