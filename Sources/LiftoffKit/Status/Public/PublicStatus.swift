import Foundation

/// The public status page as customers see it (docs/status-page.md), folded from the notices
/// the communications owner published and the launch's schedule: the launch window as a
/// scheduled maintenance, incidents with their updates, and the components' current state.
/// Nothing internal: no milestone, step, person or runbook text reaches it.
public struct PublicStatus: Sendable {
    public struct Update: Hashable, Sendable {
        /// The seq of its `status.posted` event: a stable id for feeds.
        public var seq: Int
        public var phase: PublicNotice.Phase
        public var message: String
        public var at: Date
        public var components: [String: PublicNotice.ComponentStatus]
    }

    public struct Maintenance: Sendable {
        public var title: String
        public var phase: PublicNotice.Phase
        public var scheduledFor: Date
        /// The window's end; the forecast end when it is later and known.
        public var scheduledUntil: Date?
        /// Newest first.
        public var updates: [Update]
        public var components: [String]
        public var createdAt: Date
        public var updatedAt: Date { updates.first?.at ?? createdAt }
    }

    public struct Incident: Sendable {
        public var number: Int
        public var title: String
        public var phase: PublicNotice.Phase
        public var impact: PublicNotice.Impact
        /// Newest first.
        public var updates: [Update]
        public var components: [String]
        public var createdAt: Date { updates.last?.at ?? .distantPast }
        public var updatedAt: Date { updates.first?.at ?? .distantPast }
        public var resolvedAt: Date? { phase == .resolved ? updates.first?.at : nil }
    }

    public struct Component: Hashable, Sendable {
        public var name: String
        public var status: PublicNotice.ComponentStatus
        public var updatedAt: Date
    }

    /// Statuspage's page-wide indicator.
    public enum Indicator: String, Sendable {
        case none, minor, major, critical, maintenance

        public var description: String {
            switch self {
            case .none: "All Systems Operational"
            case .minor: "Minor Service Outage"
            case .major: "Partial System Outage"
            case .critical: "Major Service Outage"
            case .maintenance: "Service Under Maintenance"
            }
        }
    }

    public var launch: Int64
    public var name: String
    public var timeZone: TimeZone
    public var components: [Component]
    public var maintenance: Maintenance
    /// Newest first.
    public var incidents: [Incident]
    public var now: Date
    /// The forecast end while the maintenance is under way.
    public var expectedCompletion: Date?
    /// The launch clock's forecast end while the launch runs (for the templates' words).
    public var forecastEnd: Date?

    public var openIncidents: [Incident] { incidents.filter { !$0.phase.isFinal } }
    public var updatedAt: Date { ([maintenance.updatedAt] + incidents.map(\.updatedAt) + components.map(\.updatedAt)).max() ?? now }

    public var indicator: Indicator {
        if let worst = openIncidents.map(\.impact).max(by: { Self.rank($0) < Self.rank($1) }) {
            switch worst {
            case .none, .minor: return .minor
            case .major: return .major
            case .critical: return .critical
            }
        }
        if maintenance.phase == .inProgress || maintenance.phase == .verifying { return .maintenance }
        return .none
    }

    /// The page's components: `STATUS_COMPONENTS` (comma-separated) from the vars file, else the
    /// runbook's `SERVICE`, else the launch's name.
    public static func componentNames(_ state: LaunchState) -> [String] {
        let vars = state.created.variables
        let listed = (vars["STATUS_COMPONENTS"] ?? vars["SERVICES"] ?? vars["SERVICE"] ?? "")
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("env:") }
        var seen = Set<String>()
        let unique = listed.filter { seen.insert($0).inserted }
        return unique.isEmpty ? [state.name] : unique
    }

    public init(state: LaunchState, now: Date, forecastEnd: Date? = nil) {
        launch = state.launch
        name = state.name
        timeZone = state.timeZone
        self.now = now
        let names = Self.componentNames(state)
        var current: [String: Component] = Dictionary(uniqueKeysWithValues: names.map { ($0, Component(name: $0, status: .operational, updatedAt: state.createdAt)) })
        var maintenanceUpdates: [Update] = []
        var maintenanceTitle = "Scheduled maintenance: \(state.name)"
        var touched: [String: Set<String>] = [:]
        var incidents: [Int: Incident] = [:]
        for posted in state.statuses {
            guard let notice = posted.notice else { continue }
            let update = Update(seq: posted.seq, phase: notice.phase, message: posted.message, at: posted.at, components: notice.components)
            let key = notice.incident.map { "incident \($0)" } ?? "maintenance"
            touched[key, default: []].formUnion(notice.components.keys)
            for (component, status) in notice.components { current[component]?.status = status; current[component]?.updatedAt = posted.at }
            // A final update that names no component gives back every component its notice touched.
            if notice.phase.isFinal, notice.components.isEmpty {
                for component in touched[key] ?? [] { current[component]?.status = .operational; current[component]?.updatedAt = posted.at }
            }
            if let number = notice.incident {
                var incident = incidents[number] ?? Incident(number: number, title: notice.title, phase: notice.phase, impact: notice.impact, updates: [], components: [])
                incident.title = notice.title.isEmpty ? incident.title : notice.title
                incident.phase = notice.phase
                incident.impact = notice.impact
                incident.updates.insert(update, at: 0)
                incident.components = (touched[key] ?? []).sorted()
                incidents[number] = incident
            } else {
                if !notice.title.isEmpty { maintenanceTitle = notice.title }
                maintenanceUpdates.insert(update, at: 0)
            }
        }
        components = names.compactMap { current[$0] }
        self.incidents = incidents.values.sorted { $0.number > $1.number }
        let windowEnd = state.runbook.phases.compactMap { $0.window.map { state.instant($0.end) } }.max()
        let until = [windowEnd, forecastEnd].compactMap { $0 }.max()
        let phase = maintenanceUpdates.first?.phase ?? .scheduled
        maintenance = Maintenance(title: maintenanceTitle, phase: phase, scheduledFor: state.t0, scheduledUntil: until,
                                  updates: maintenanceUpdates, components: names, createdAt: state.createdAt)
        expectedCompletion = phase == .inProgress || phase == .verifying ? forecastEnd : nil
        self.forecastEnd = forecastEnd
    }

    private static func rank(_ impact: PublicNotice.Impact) -> Int { PublicNotice.Impact.allCases.firstIndex(of: impact) ?? 0 }
}
