import Foundation

public enum ReminderKind: String, Hashable, Sendable, Codable {
    /// The step's window has begun.
    case due
    /// The step's window has passed and it is still open.
    case overdue
}

/// `step.reminded`: the watcher reminded an owner of steps that came due or are overdue.
public struct StepReminded: EventPayload {
    public static let type = EventType.stepReminded
    public var kind: ReminderKind
    /// The owner as the runbook names them (a role or a person); nil for steps without one.
    public var owner: String?
    public var steps: [String]

    public init(kind: ReminderKind, owner: String?, steps: [String]) {
        self.kind = kind
        self.owner = owner
        self.steps = steps
    }
}

/// Which reminders are owed now: every open step once when its window begins (only while it
/// is still due) and once when it becomes overdue, grouped per owner so a phase of twenty steps
/// is one reminder per owner, not twenty.
public enum StepReminders {
    public static func owed(_ state: LaunchState, now: Date) -> [StepReminded] {
        guard state.ended == nil else { return [] }
        func group(_ items: [ScheduledItem], _ kind: ReminderKind) -> [StepReminded] {
            let fresh = items.filter { state.reminded[kind]?.contains($0.id) != true }
            var owners: [String?] = []
            var byOwner: [String?: [String]] = [:]
            for item in fresh {
                if byOwner[item.owner] == nil { owners.append(item.owner) }
                byOwner[item.owner, default: []].append(item.id)
            }
            return owners.map { StepReminded(kind: kind, owner: $0, steps: byOwner[$0] ?? []) }
        }
        return group(state.dueNow(now: now), .due) + group(state.overdue(now: now), .overdue)
    }
}
