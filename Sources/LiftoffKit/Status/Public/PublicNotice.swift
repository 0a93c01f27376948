import Foundation

/// What the communications owner publishes to customers (docs/status-page.md): an update of the
/// launch window as scheduled maintenance, or of an incident. It rides on a `status.posted`
/// event (`notice`), so the outbox delivers it to the launch's public channels like any update;
/// the public page shows only these, never the internal milestones.
public struct PublicNotice: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        /// The launch window: scheduled → in progress → verifying → completed.
        case maintenance
        /// A problem customers may notice: investigating → identified → monitoring → resolved.
        case incident
    }

    /// The states of Statuspage's scheduled maintenances and incidents, in their words.
    public enum Phase: String, Hashable, Sendable, Codable, CaseIterable {
        case scheduled
        case inProgress = "in_progress"
        case verifying
        case completed
        case investigating
        case identified
        case monitoring
        case resolved

        public var kind: Kind {
            switch self {
            case .scheduled, .inProgress, .verifying, .completed: .maintenance
            case .investigating, .identified, .monitoring, .resolved: .incident
            }
        }

        /// The last state of its kind: nothing is published on it afterwards.
        public var isFinal: Bool { self == .completed || self == .resolved }

        public var label: String {
            switch self {
            case .inProgress: "In progress"
            default: rawValue.prefix(1).uppercased() + rawValue.dropFirst()
            }
        }

        public static func phases(of kind: Kind) -> [Phase] { allCases.filter { $0.kind == kind } }
    }

    /// How hard an incident hits, as Statuspage grades it.
    public enum Impact: String, Hashable, Sendable, Codable, CaseIterable {
        case none, minor, major, critical
    }

    /// A component's state, as Statuspage names it.
    public enum ComponentStatus: String, Hashable, Sendable, Codable, CaseIterable {
        case operational
        case degradedPerformance = "degraded_performance"
        case partialOutage = "partial_outage"
        case majorOutage = "major_outage"
        case underMaintenance = "under_maintenance"

        public var label: String {
            switch self {
            case .operational: "Operational"
            case .degradedPerformance: "Degraded performance"
            case .partialOutage: "Partial outage"
            case .majorOutage: "Major outage"
            case .underMaintenance: "Under maintenance"
            }
        }
    }

    public var phase: Phase
    /// The notice's headline ("Scheduled maintenance of Acme API", "Elevated errors").
    public var title: String
    /// Which incident an update belongs to (1, 2, …); nil for the maintenance.
    public var incident: Int?
    public var impact: Impact
    /// The components this update names and their state; the others keep theirs.
    public var components: [String: ComponentStatus]

    public var kind: Kind { phase.kind }

    public init(phase: Phase, title: String, incident: Int? = nil, impact: Impact = .none, components: [String: ComponentStatus] = [:]) {
        self.phase = phase
        self.title = title
        self.incident = incident
        self.impact = impact
        self.components = components
    }

    /// The colour the war room shows for a published update.
    public var level: StatusLevel {
        switch phase {
        case .completed, .resolved, .scheduled: .green
        case .inProgress, .verifying, .monitoring: .yellow
        case .investigating, .identified: impact == .major || impact == .critical ? .red : .yellow
        }
    }
}

/// The audience a notification channel speaks to: `internal` channels get every update,
/// milestones included; `public` ones only what the communications owner publishes.
public enum ChannelAudience: String, Hashable, Sendable, Codable, CaseIterable {
    case `internal`
    case `public`
}
