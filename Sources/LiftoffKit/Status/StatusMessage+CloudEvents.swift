import Foundation

/// A status update as a CloudEvents 1.0 event in structured mode: the envelope's attributes
/// around the webhook body as `data`, for receivers that route events by type (Knative, Argo
/// Events, an event bus). See docs/notifications.md, "CloudEvents".
extension StatusMessage {
    /// `id` is the notification's idempotency key, so a retried delivery is the same event and
    /// a receiver that deduplicates on (source, id) sees it once.
    public func cloudEvent(id: String) -> JSONValue {
        .object([
            "specversion": .string("1.0"),
            "id": .string(id),
            "source": .string("/liftoff/launches/\(launchID)"),
            "type": .string(cloudEventType),
            "subject": .string(launchName),
            "time": .string(CanonicalTime.string(time)),
            "datacontenttype": .string("application/json"),
            "data": webhookPayload,
        ])
    }

    /// What happened, as a reverse-DNS event type. Where CDEvents has a word for it (a service
    /// deployed, a service rolled back) the type uses that word.
    public var cloudEventType: String {
        if notice != nil { return "dev.liftoff.status.published" }
        switch outcome {
        case .success?: return "dev.liftoff.service.deployed"
        case .rolledBack?: return "dev.liftoff.service.rolledback"
        case .aborted?: return "dev.liftoff.launch.aborted"
        case nil: break
        }
        return switch milestone {
        case StatusMilestones.gateAwaitingVotes: "dev.liftoff.gate.awaiting-votes"
        case StatusMilestones.gateDecided: "dev.liftoff.gate.decided"
        case StatusMilestones.rollbackEscalated: "dev.liftoff.rollback.escalated"
        case StatusMilestones.phaseStarted: "dev.liftoff.phase.started"
        case StatusMilestones.triggerFiring: "dev.liftoff.trigger.firing"
        case StatusMilestones.triggerResolved: "dev.liftoff.trigger.resolved"
        case StatusMilestones.triggerError: "dev.liftoff.trigger.errored"
        case StatusMilestones.rollback: "dev.liftoff.launch.rollback"
        case StatusMilestones.trafficShift: "dev.liftoff.traffic.shifted"
        case StatusMilestones.forecastOverrun: "dev.liftoff.forecast.overrun"
        case StatusMilestones.hold: "dev.liftoff.launch.held"
        case StatusMilestones.rescheduled: "dev.liftoff.launch.rescheduled"
        default: "dev.liftoff.status.posted"
        }
    }
}
