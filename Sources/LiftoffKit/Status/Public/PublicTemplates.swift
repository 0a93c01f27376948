import Foundation

/// Drafts the communications owner can publish with one click (docs/status-page.md): the next
/// step of the maintenance, the next step of each open incident, and a new incident when the
/// launch is in trouble. Prefilled from the launch in customers' words: components, the window
/// in the launch's time zone, the expected completion; never an internal message.
public struct PublicTemplate: Hashable, Sendable {
    public var notice: PublicNotice
    public var message: String
    /// Suggested now: the launch's state calls for it (the window began, a trigger fires).
    public var suggested: Bool
}

extension PublicStatus {
    public func templates(state: LaunchState) -> [PublicTemplate] {
        var out: [PublicTemplate] = []
        let list = Self.list(components.map(\.name))
        let window = windowText
        let running = state.ended == nil && now >= self.maintenance.scheduledFor
        let trouble = state.rollback != nil || state.triggers.values.contains { $0.status == .firing }
        func offer(_ phase: PublicNotice.Phase, _ message: String, _ status: PublicNotice.ComponentStatus?, suggested: Bool) {
            let changes = status.map { s in Dictionary(uniqueKeysWithValues: components.map { ($0.name, s) }) } ?? [:]
            out.append(PublicTemplate(notice: PublicNotice(phase: phase, title: self.maintenance.title, components: changes), message: message, suggested: suggested))
        }
        switch self.maintenance.phase {
        case .scheduled:
            offer(.scheduled, "We will be performing scheduled maintenance on \(list) \(window). We do not expect an interruption of service; we will post updates here.", nil,
                        suggested: !running && self.maintenance.updates.isEmpty)
            offer(.inProgress, "Scheduled maintenance on \(list) is in progress." + completionText, .underMaintenance, suggested: running)
        case .inProgress:
            offer(.inProgress, "Scheduled maintenance on \(list) is still in progress." + completionText, nil, suggested: false)
            offer(.verifying, "The maintenance work on \(list) is done; we are verifying that everything works as expected.", nil,
                        suggested: state.ended != nil)
        case .verifying:
            offer(.completed, "The scheduled maintenance on \(list) has been completed. Thank you for your patience.", .operational, suggested: state.ended != nil)
        default:
            break
        }
        for incident in openIncidents {
            let affected = Self.list(incident.components.isEmpty ? components.map(\.name) : incident.components)
            let next: [(PublicNotice.Phase, String, PublicNotice.ComponentStatus?)] = switch incident.phase {
            case .investigating: [(.identified, "We have identified the cause of the problem with \(affected) and are working on a fix.", nil)]
            case .identified: [(.monitoring, "A fix has been applied to \(affected). We are monitoring the results.", nil)]
            default: [(.resolved, "This incident has been resolved; \(affected) is operating normally.", .operational)]
            }
            for (phase, message, status) in next {
                let changes = status.map { s in Dictionary(uniqueKeysWithValues: incident.components.map { ($0, s) }) } ?? [:]
                out.append(PublicTemplate(notice: PublicNotice(phase: phase, title: incident.title, incident: incident.number, impact: incident.impact, components: changes),
                                          message: message, suggested: true))
            }
            if incident.phase != .monitoring {
                out.append(PublicTemplate(notice: PublicNotice(phase: .resolved, title: incident.title, incident: incident.number, impact: incident.impact),
                                          message: "This incident has been resolved; \(affected) is operating normally.", suggested: false))
            }
        }
        let degraded = Dictionary(uniqueKeysWithValues: components.map { ($0.name, PublicNotice.ComponentStatus.degradedPerformance) })
        out.append(PublicTemplate(notice: PublicNotice(phase: .investigating, title: "Degraded performance of \(list)", impact: .minor, components: degraded),
                                  message: "We are investigating reports of degraded performance of \(list). We will post an update as soon as we know more.",
                                  suggested: trouble && openIncidents.isEmpty))
        return out
    }

    /// `from Tue 1 Dec 09:00 to 11:00 (Europe/Oslo)`.
    var windowText: String {
        let start = Plan.local(maintenance.scheduledFor, timeZone, withDate: true)
        guard let end = maintenance.scheduledUntil else { return "from \(start) (\(timeZone.identifier))" }
        let sameDay = Self.calendar.dateComponents(in: timeZone, from: end).day == Self.calendar.dateComponents(in: timeZone, from: maintenance.scheduledFor).day
        return "from \(start) to \(Plan.local(end, timeZone, withDate: !sameDay)) (\(timeZone.identifier))"
    }

    var completionText: String {
        forecastEnd.map { " We expect it to be complete by \(Plan.local($0, timeZone, withDate: false)) (\(timeZone.identifier))." } ?? ""
    }

    static let calendar = Calendar(identifier: .gregorian)

    static func list(_ names: [String]) -> String {
        switch names.count {
        case 0: "our services"
        case 1: names[0]
        default: names.dropLast().joined(separator: ", ") + " and " + (names.last ?? "")
        }
    }
}
