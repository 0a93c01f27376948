import Foundation

/// The public page in the shape of the Statuspage API v2 (`/api/v2/summary.json`,
/// `incidents.json`, `scheduled-maintenances.json`), so status aggregators read it as they read
/// any Statuspage page (docs/status-page.md). Ids are stable per launch; times are UTC ISO 8601.
extension PublicStatus {
    /// `pageURL` is the public page's address (`http://host/status/7`).
    public func statuspageSummary(pageURL: String) -> JSONValue {
        .object([
            "page": page(pageURL),
            "status": statusObject,
            "components": .array(components.enumerated().map { component($0.element, position: $0.offset + 1) }),
            "incidents": .array(openIncidents.map { incident($0, pageURL: pageURL) }),
            "scheduled_maintenances": .array(maintenance.phase.isFinal ? [] : [maintenanceObject(pageURL: pageURL)]),
        ])
    }

    /// Every incident, resolved ones too, newest first.
    public func statuspageIncidents(pageURL: String) -> JSONValue {
        .object(["page": page(pageURL), "incidents": .array(incidents.map { incident($0, pageURL: pageURL) })])
    }

    public func statuspageMaintenances(pageURL: String) -> JSONValue {
        .object(["page": page(pageURL), "scheduled_maintenances": .array([maintenanceObject(pageURL: pageURL)])])
    }

    var pageID: String { "liftoff-\(launch)" }

    func componentID(_ name: String) -> String {
        let slug = name.lowercased().map { $0.quickIsLetter || $0.quickIsNumber ? $0 : "-" }
        return "\(pageID)-c-" + String(slug)
    }

    private func page(_ url: String) -> JSONValue {
        .object(["id": .string(pageID), "name": .string(name), "url": .string(url), "time_zone": .string(timeZone.identifier), "updated_at": time(updatedAt)])
    }

    private var statusObject: JSONValue {
        .object(["indicator": .string(indicator.rawValue), "description": .string(indicator.description)])
    }

    private func time(_ date: Date) -> JSONValue { .string(CanonicalTime.string(date)) }

    private func component(_ c: Component, position: Int) -> JSONValue {
        .object([
            "id": .string(componentID(c.name)), "name": .string(c.name), "status": .string(c.status.rawValue),
            "created_at": time(maintenance.createdAt), "updated_at": time(c.updatedAt), "position": .int(Int64(position)),
            "description": .null, "showcase": .bool(true), "start_date": .null, "group_id": .null, "page_id": .string(pageID),
            "group": .bool(false), "only_show_if_degraded": .bool(false),
        ])
    }

    private func componentsNamed(_ names: [String]) -> JSONValue {
        .array(components.enumerated().filter { names.contains($0.element.name) }.map { component($0.element, position: $0.offset + 1) })
    }

    /// Each update with the components it changed, old and new, as Statuspage lists them.
    private func updates(_ updates: [Update], owner: String) -> JSONValue {
        var last: [String: PublicNotice.ComponentStatus] = [:]
        var affected: [Int: [JSONValue]] = [:]
        for update in updates.reversed() {
            affected[update.seq] = update.components.keys.sorted().map { name in
                let old = last[name] ?? .operational
                last[name] = update.components[name]
                return .object(["code": .string(componentID(name)), "name": .string(name),
                                "old_status": .string(old.rawValue), "new_status": .string((update.components[name] ?? old).rawValue)])
            }
        }
        return .array(updates.map { u in
            .object([
                "id": .string("\(pageID)-u-\(u.seq)"), "status": .string(u.phase.rawValue), "body": .string(u.message),
                "incident_id": .string(owner), "created_at": time(u.at), "updated_at": time(u.at), "display_at": time(u.at),
                "affected_components": .array(affected[u.seq] ?? []), "deliver_notifications": .bool(true),
                "custom_tweet": .null, "tweet_id": .null,
            ])
        })
    }

    private func incident(_ i: Incident, pageURL: String) -> JSONValue {
        let id = "\(pageID)-i-\(i.number)"
        return .object([
            "id": .string(id), "name": .string(i.title), "status": .string(i.phase.rawValue), "impact": .string(i.impact.rawValue),
            "created_at": time(i.createdAt), "updated_at": time(i.updatedAt), "started_at": time(i.createdAt),
            "monitoring_at": i.updates.first { $0.phase == .monitoring }.map { time($0.at) } ?? .null,
            "resolved_at": i.resolvedAt.map(time) ?? .null,
            "shortlink": .string("\(pageURL)#incident-\(i.number)"), "page_id": .string(pageID),
            "incident_updates": updates(i.updates, owner: id), "components": componentsNamed(i.components),
        ])
    }

    private func maintenanceObject(pageURL: String) -> JSONValue {
        let id = "\(pageID)-m"
        let m = maintenance
        return .object([
            "id": .string(id), "name": .string(m.title), "status": .string(m.phase.rawValue), "impact": .string("maintenance"),
            "created_at": time(m.createdAt), "updated_at": time(m.updatedAt), "started_at": time(m.scheduledFor),
            "monitoring_at": .null, "resolved_at": m.phase == .completed ? (m.updates.first.map { time($0.at) } ?? .null) : .null,
            "shortlink": .string("\(pageURL)#maintenance"), "page_id": .string(pageID),
            "scheduled_for": time(m.scheduledFor), "scheduled_until": m.scheduledUntil.map(time) ?? .null,
            "incident_updates": updates(m.updates, owner: id), "components": componentsNamed(m.components),
        ])
    }
}
