import LiftoffKit

/// The public status page's routes in the OpenAPI document (docs/status-page.md).
extension OpenAPIDocument {
    static var publicStatusPaths: [String: JSONValue] {
        let statusID: JSONValue = .object([
            "name": "id", "in": "path", "required": true, "description": "The launch number", "example": 1,
            "schema": .object(["type": "integer", "minimum": 1, "format": "int64"]),
        ])
        func feed(_ id: String, _ summary: String, _ schema: String) -> JSONValue {
            .object(["parameters": .array([statusID]),
                     "get": operation(id, summary, public: true, responses: ["200": json(ref(schema), "Statuspage API v2 shape")])])
        }
        return [
            launchPath + "/publications": .object([
                "parameters": .array([idParameter]),
                "get": operation("publicationTemplates", "Updates for the public status page, prefilled from the launch (the next maintenance state, each open incident's next state, a new incident); `suggested` marks what the launch's state calls for",
                                 responses: ["200": json(ref("PublicationTemplates"), "Templates")]),
                "post": operation("publish", "Publish an update to the public status page and the public channels (role holders; also after the launch ended). Returns the events appended.",
                                  body: ref("Publication"), responses: ["201": json(ref("EventList"), "The events appended")]),
            ]),
            "/status/{id}/api/v2/summary.json": feed("statusSummary", "The public status page as Statuspage's summary: page, status indicator, components, open incidents, the maintenance unless completed", "StatuspageSummary"),
            "/status/{id}/api/v2/incidents.json": feed("statusIncidents", "Every incident of the public status page, newest first", "StatuspageIncidents"),
            "/status/{id}/api/v2/scheduled-maintenances.json": feed("statusMaintenances", "The launch window as Statuspage's scheduled maintenance", "StatuspageMaintenances"),
            "/status/{id}/history.atom": .object(["parameters": .array([statusID]), "get": operation("statusFeed", "The public status page's updates as an Atom feed", public: true, responses: [
                "200": .object(["description": "Atom 1.0", "content": .object(["application/atom+xml": .object(["schema": .object(["type": "string"])])])]),
            ])]),
        ]
    }

    static var publicStatusSchemas: [String: JSONValue] {
        let phases = choice(PublicNotice.Phase.allCases.map(\.rawValue))
        let impacts = choice(PublicNotice.Impact.allCases.map(\.rawValue))
        let open: JSONValue = .object(["type": "object"])
        let page = object(["id", "name", "url", "updated_at"], ["id": string, "name": string, "url": string, "time_zone": string, "updated_at": time])
        return [
            "Publication": object(["phase", "message"], [
                "phase": phases, "message": string, "title": string,
                "incident": .object(["type": .array(["integer", "string", "null"]), "description": "The incident's number; none opens a new one"]),
                "impact": impacts,
                "components": .object(["type": .array(["object", "string"]), "description": "Component name → operational, degraded_performance, partial_outage, major_outage or under_maintenance; or `name=status;…`"]),
            ]),
            "PublicationTemplates": object(["templates"], ["templates": .object(["type": "array", "items": object(
                ["phase", "kind", "title", "impact", "components", "message", "suggested"],
                ["phase": phases, "kind": choice(PublicNotice.Kind.allCases.map(\.rawValue)), "title": string,
                 "incident": .object(["type": .array(["integer", "null"])]), "impact": impacts, "components": open,
                 "message": string, "suggested": .object(["type": "boolean"])])])]),
            "StatuspageSummary": object(["page", "status", "components", "incidents", "scheduled_maintenances"], [
                "page": page, "status": open, "components": .object(["type": "array"]), "incidents": .object(["type": "array"]),
                "scheduled_maintenances": .object(["type": "array"]),
            ], closed: false),
            "StatuspageIncidents": object(["page", "incidents"], ["page": page, "incidents": .object(["type": "array"])], closed: false),
            "StatuspageMaintenances": object(["page", "scheduled_maintenances"], ["page": page, "scheduled_maintenances": .object(["type": "array"])], closed: false),
        ]
    }
}
