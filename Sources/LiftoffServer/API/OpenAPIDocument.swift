import LiftoffKit

/// The OpenAPI 3.1 description of every route the API serves, served at /api/v1/openapi.json.
/// A test holds it and the router to the same list of routes; schemathesis holds the server to it.
public enum OpenAPIDocument {
    public static func document(version: String) -> JSONValue {
        .object([
            "openapi": "3.1.0",
            "info": .object([
                "title": "Liftoff war room API",
                "version": .string(version),
                "description": "Launches, their state, audit log and live events. Authenticate with `Authorization: Bearer TOKEN` (a participant token from `liftoff user add`). Browsers use the session cookie from POST /login and must send `X-CSRF-Token` on unsafe requests. Errors are `{\"error\":{\"code\",\"message\"}}`.",
            ]),
            "servers": .array([.object(["url": "/"])]),
            "security": .array([.object(["bearer": .array([])]), .object(["session": .array([])])]),
            "paths": .object(paths.merging(publicStatusPaths) { a, _ in a }.merging(slackPaths) { a, _ in a }),
            "components": .object([
                "securitySchemes": .object([
                    "bearer": .object(["type": "http", "scheme": "bearer"]),
                    "session": .object(["type": "apiKey", "in": "cookie", "name": .string(SessionKeys.cookieName)]),
                ]),
                "schemas": .object(schemas.merging(publicStatusSchemas) { a, _ in a }),
            ]),
        ])
    }

    /// Every `METHOD path` the document describes.
    public static var routes: Set<RouteKey> {
        var keys: Set<RouteKey> = []
        for (path, item) in paths.merging(publicStatusPaths, uniquingKeysWith: { a, _ in a }).merging(slackPaths, uniquingKeysWith: { a, _ in a }) {
            guard case .object(let methods) = item else { continue }
            for method in methods.keys where method != "parameters" { keys.insert(RouteKey(method.uppercased(), path)) }
        }
        return keys
    }

    // MARK: Paths

    static let launchPath = "/api/v1/launches/{id}"

    static var paths: [String: JSONValue] {
        [
            "/healthz": .object(["get": operation("health", "Liveness, build version, store kind and whether this instance runs the watcher", public: true,
                                                   responses: ["200": json(ref("Health"), "The server is up")])]),
            "/metrics": .object(["get": operation("metrics", "Prometheus metrics (text exposition format)", public: true,
                                                   responses: ["200": .object(["description": "Metrics", "content": .object(["text/plain": .object(["schema": .object(["type": "string"])])])])])]),
            "/api/v1/openapi.json": .object(["get": operation("openapi", "This document", public: true,
                                                              responses: ["200": json(.object(["type": "object"]), "OpenAPI 3.1")])]),
            "/api/v1/launches": .object([
                "get": operation("listLaunches", "Launches the caller may see (a launch-scoped token sees its own)",
                                 responses: ["200": json(ref("LaunchList"), "Launches")]),
                "post": operation("createLaunch", "Create a launch (admins): upload the runbook text or name a file on the server (runbookPath, relative to the server's working directory)",
                                  body: ref("CreateLaunch"), responses: ["201": json(ref("CreatedLaunch"), "Created")]),
            ]),
            "/api/v1/alerts": .object(["post": operation(
                "receiveAlerts", "Alertmanager (webhook version 4) or Grafana alerts: each moves the matching alert triggers (`trigger NAME: alert LABEL=\"VALUE\" … then ACTION`) of every launch the caller may see, or of `?launch=ID` only. Firing makes the trigger fire (a rollback trigger requests the rollback), resolved resolves it; a repeated alert changes nothing. Authenticate with a participant token, or sign the body: `X-Liftoff-Signature-256: sha256=<hex HMAC-SHA256>` (or Grafana's `X-Grafana-Alerting-Signature: <hex>`) with the server's LIFTOFF_ALERT_SECRET.",
                body: ref("AlertWebhook"),
                extraParameters: [.object(["name": "launch", "in": "query", "required": false, "description": "Only this launch",
                                           "schema": .object(["type": "integer", "minimum": 1, "format": "int64"])])],
                responses: ["200": json(ref("AlertsReceived"), "What the alerts changed, per launch")])]),
            launchPath: .object([
                "parameters": .array([idParameter]),
                "get": operation("launchState", "The launch's state now (the JSON of `liftoff launch status --all --format json`)",
                                 responses: ["200": json(ref("LaunchState"), "State")]),
            ]),
            launchPath + "/events": .object([
                "parameters": .array([idParameter]),
                "get": operation("launchEvents", "Live events as Server-Sent Events (`id: SEQ`, `event: TYPE`, `data: event JSON`); resume with Last-Event-ID or ?from=SEQ (the first seq wanted). Heartbeat comments keep idle streams open; a client that falls 1,000 events behind gets `event: error` and is disconnected.",
                                 extraParameters: [
                                     .object(["name": "Last-Event-ID", "in": "header", "required": false, "schema": .object(["type": "integer", "minimum": 0])]),
                                     .object(["name": "from", "in": "query", "required": false, "schema": .object(["type": "integer", "minimum": 1])]),
                                 ],
                                 responses: ["200": .object(["description": "An endless event stream", "content": .object(["text/event-stream": .object(["schema": .object(["type": "string"])])])])]),
            ]),
            launchPath + "/log": .object([
                "parameters": .array([idParameter]),
                "get": operation("launchLog", "The audit log: every event from seq `from` on",
                                 extraParameters: [.object(["name": "from", "in": "query", "required": false, "schema": .object(["type": "integer", "minimum": 0])])],
                                 responses: ["200": json(ref("EventList"), "Events")]),
            ]),
            launchPath + "/report": .object([
                "parameters": .array([idParameter]),
                "get": operation("launchReport", "The post-launch report (the output of `liftoff report`): outcome, summary, timeline, steps, gates, checks, triggers, rollback, traffic shift, commands, status posts, defects, notes and the hash chain's verification. Works while the launch runs (the report so far). `html` is a standalone page with its own Content-Security-Policy.",
                                 extraParameters: [.object(["name": "format", "in": "query", "required": false, "description": "json (default), md or html",
                                                            "schema": .object(["type": "string", "enum": .array(["json", "md", "html"]), "default": "json"])])],
                                 responses: ["200": .object(["description": "The report", "content": .object([
                                     "application/json": .object(["schema": ref("LaunchReport")]),
                                     "text/markdown": .object(["schema": .object(["type": "string"])]),
                                     "text/html": .object(["schema": .object(["type": "string"])]),
                                 ])])]),
            ]),
            launchPath + "/verify": .object([
                "parameters": .array([idParameter]),
                "get": operation("verifyLaunch", "Recompute the hash chain", responses: ["200": json(ref("Verification"), "Result")]),
            ]),
            launchPath + "/marks": write("markStep", "Mark a step done, skipped, failed, blocked or reopened (role holders)", "Mark"),
            launchPath + "/starts": write("startStep", "Say a step has begun: it shows in progress and its duration counts from now (role holders)", "Start"),
            launchPath + "/hold": write("holdLaunch", "Stop automated action (shift stages, check-driven decisions, automatic rollback) until resumed (role holders)", "Hold"),
            launchPath + "/resume": write("resumeLaunch", "Lift a hold (whoever held it, the rollback authority or an admin)", "Resume"),
            launchPath + "/votes": write("voteGate", "Vote GO or NO-GO on a gate as a role the caller holds", "VoteBody"),
            launchPath + "/overrides": write("overrideGate", "Let later phases start without a GO decision (admins)", "Override"),
            launchPath + "/notes": write("addNote", "Add a note to the activity feed (role holders)", "Note"),
            launchPath + "/defects": write("logDefect", "Log a defect (role holders)", "Defect"),
            launchPath + "/status": write("postStatus", "Post a status update (role holders)", "Status"),
            launchPath + "/participants": write("addParticipant", "Add a participant or change their roles (admins)", "Participant"),
            launchPath + "/end": write("endLaunch", "End the launch (admins)", "End"),
            launchPath + "/complete": write("completeLaunch", "Complete the launch as a success once every success criterion is verified or confirmed (409 unmet_criteria lists what is missing); `override` with a reason completes anyway (admins)", "Complete"),
            launchPath + "/confirmations": write("confirmCriterion", "Confirm a judged success criterion with a note as evidence (its owner or an admin)", "Confirmation"),
            launchPath + "/retro": write("addRetro", "Add a retrospective item: went-well, went-badly, or an action item with owner and due date (also after the end)", "Retro"),
            "/login": .object(["post": .object([
                "operationId": "login", "summary": "Browser login with a participant token; sets the session cookie (rate-limited per address)",
                "security": .array([]),
                "requestBody": .object(["required": true, "content": .object(["application/x-www-form-urlencoded": .object(["schema": .object([
                    "type": "object", "required": .array(["token"]),
                    "properties": .object(["token": .object(["type": "string"]), "next": .object(["type": "string"])]),
                ])])])]),
                "responses": .object(["303": .object(["description": "To `next` (or /launches) with the cookie set, or back to /login?error=invalid"]), "default": errorResponse]),
            ])]),
            "/logout": .object(["post": .object([
                "operationId": "logout", "summary": "Clear the session cookie (CSRF-checked when logged in by session)",
                "security": .array([]),
                "responses": .object(["303": .object(["description": "To /login"]), "default": errorResponse]),
            ])]),
        ]
    }

    static let idParameter: JSONValue = .object([
        "name": "id", "in": "path", "required": true, "description": "The launch number", "example": 1,
        "schema": .object(["type": "integer", "minimum": 1, "format": "int64"]),
    ])

    static func operation(_ id: String, _ summary: String, public isPublic: Bool = false, body: JSONValue? = nil,
                          extraParameters: [JSONValue] = [], responses: [String: JSONValue]) -> JSONValue {
        var op: [String: JSONValue] = ["operationId": .string(id), "summary": .string(summary)]
        if isPublic { op["security"] = .array([]) }
        if let body {
            op["requestBody"] = .object(["required": true, "content": .object(["application/json": .object(["schema": body])])])
        }
        if !extraParameters.isEmpty { op["parameters"] = .array(extraParameters) }
        var all = responses
        all["default"] = errorResponse
        op["responses"] = .object(all)
        return .object(op)
    }

    static func write(_ id: String, _ summary: String, _ schema: String) -> JSONValue {
        .object([
            "parameters": .array([idParameter]),
            "post": operation(id, summary + ". Returns the events appended.", body: ref(schema),
                              responses: ["201": json(ref("EventList"), "The events appended")]),
        ])
    }

    static let errorResponse: JSONValue = json(ref("Error"), "An error: 400 bad input (unknown fields are named), 401 no or unknown token, 403 not allowed or missing CSRF token, 404 no such launch, step or gate, 409 blocked by a gate / already so / launch ended, 413 body too large, 422 invalid, 429 too many logins")

    static func json(_ schema: JSONValue, _ description: String) -> JSONValue {
        .object(["description": .string(description), "content": .object(["application/json": .object(["schema": schema])])])
    }

    static func ref(_ name: String) -> JSONValue { .object(["$ref": .string("#/components/schemas/\(name)")]) }

    // MARK: Schemas

    static func object(_ required: [String], _ properties: [String: JSONValue], closed: Bool = true) -> JSONValue {
        var o: [String: JSONValue] = ["type": "object", "properties": .object(properties)]
        if !required.isEmpty { o["required"] = .array(required.map(JSONValue.string)) }
        if closed { o["additionalProperties"] = false }
        return .object(o)
    }

    static let string: JSONValue = .object(["type": "string"])
    static let nonEmpty: JSONValue = .object(["type": "string", "minLength": 1, "pattern": "\\S"])
    static let optionalString: JSONValue = .object(["type": .array(["string", "null"])])
    static let integer: JSONValue = .object(["type": "integer"])
    static func choice(_ values: [String]) -> JSONValue { .object(["type": "string", "enum": .array(values.map(JSONValue.string))]) }
    static let time: JSONValue = .object(["type": "string", "description": "RFC 3339, UTC, milliseconds"])

    static var schemas: [String: JSONValue] {
        [
            "Error": object(["error"], ["error": object(["code", "message"], ["code": string, "message": string])]),
            "Health": object(["status", "version", "store", "watcher"], ["status": choice(["ok"]), "version": string, "store": choice(["sqlite", "postgres"]), "watcher": choice(["leader", "standby", "off"])]),
            "Event": object(["launch", "seq", "time", "actor", "type", "payload", "hash"], [
                "launch": integer, "seq": integer, "time": time, "actor": string, "type": string,
                "payload": .object(["description": "The event type's payload"]), "hash": .object(["type": "string", "pattern": "^[0-9a-f]{64}$"]),
            ]),
            "AlertWebhook": object(["alerts"], [
                "version": choice(["4", "1"]),
                "alerts": .object(["type": "array", "items": object(["status", "labels"], [
                    "status": choice(["firing", "resolved"]),
                    "labels": .object(["type": "object", "minProperties": 1, "additionalProperties": string]),
                    "annotations": .object(["type": "object", "additionalProperties": string]),
                    "startsAt": .object(["type": "string", "format": "date-time"]), "endsAt": .object(["type": "string", "format": "date-time"]),
                    "generatorURL": string, "fingerprint": string,
                ], closed: false)]),
            ], closed: false),
            "AlertsReceived": object(["alerts", "launches"], [
                "alerts": integer,
                "launches": .object(["type": "array", "items": object(["launch", "triggers", "events", "rollbackRequested"], [
                    "launch": integer, "triggers": .object(["type": "array", "items": string]), "events": integer, "rollbackRequested": .object(["type": "boolean"]),
                ])]),
            ]),
            "EventList": object(["events"], ["events": .object(["type": "array", "items": ref("Event")])]),
            "LaunchSummary": object(["id", "name", "createdAt", "lastSeq", "lastType", "lastTime"], [
                "id": integer, "name": string, "createdAt": time, "lastSeq": integer, "lastType": string, "lastTime": time,
            ]),
            "LaunchList": object(["launches"], ["launches": .object(["type": "array", "items": ref("LaunchSummary")])]),
            "LaunchState": object(["launch", "name", "mode", "t0", "timeZone", "now", "seq", "progress", "gates", "steps"], [
                "launch": integer, "name": string, "mode": choice(LaunchMode.allCases.map(\.rawValue)), "t0": time, "timeZone": string,
                "now": time, "seq": integer, "runbookSHA256": string,
                "phase": .object(["type": .array(["object", "null"])]),
                "progress": .object(["type": "object"]), "overdue": .object(["type": "array"]), "dueNow": .object(["type": "array"]),
                "next": .object(["type": "array"]), "gates": .object(["type": "array"]), "steps": .object(["type": "array"]),
                "ended": .object(["type": .array(["object", "null"])]),
                "lifecycle": choice(LaunchLifecycle.allCases.map(\.rawValue)), "criteria": .object(["type": "array"]),
                "override": .object(["type": .array(["object", "null"])]),
            ], closed: false),
            "LaunchReport": object(["launch", "name", "mode", "runbook", "t0", "timeZone", "outcome", "running", "summary", "timeline", "integrity"], [
                "launch": integer, "name": string, "mode": choice(LaunchMode.allCases.map(\.rawValue)), "runbook": .object(["type": "object"]),
                "t0": time, "timeZone": string, "createdAt": time, "createdBy": string,
                "outcome": choice(["completed", "completed by override", "rolled back", "aborted", "in progress"]), "running": .object(["type": "boolean"]),
                "ended": .object(["type": .array(["object", "null"])]), "generatedAt": time, "durationSeconds": integer,
                "summary": .object(["type": "object"]), "timeline": .object(["type": "array"]), "sections": .object(["type": "array"]),
                "gates": .object(["type": "array"]), "checks": .object(["type": "array"]), "triggers": .object(["type": "array"]),
                "rollbacks": .object(["type": "array"]), "shifts": .object(["type": "array"]), "actions": .object(["type": "array"]),
                "statuses": .object(["type": "array"]), "defects": .object(["type": "array"]), "notes": .object(["type": "array"]),
                "participants": .object(["type": "array"]), "integrity": .object(["type": "object"]),
                "criteria": .object(["type": "array"]), "override": .object(["type": .array(["object", "null"])]),
                "retrospective": .object(["type": "array"]),
            ], closed: false),
            "Verification": object(["ok", "events"], ["ok": .object(["type": "boolean"]), "events": integer, "brokenAt": integer, "reason": string]),
            "CreateLaunch": object(["name", "at"], [
                "name": .object(["type": "string", "description": "Unique; not a number"]),
                "runbookSource": .object(["type": "string", "description": "The runbook's Markdown (up to 5 MiB); or give runbookPath"]),
                "runbookFile": .object(["type": "string", "description": "A name for the uploaded runbook"]),
                "runbookPath": .object(["type": "string", "description": "A runbook file on the server, relative to its working directory"]),
                "at": .object(["type": "string", "description": "T-0, e.g. 2026-12-01T09:00 (local in tz unless it has an offset)"]),
                "tz": .object(["type": "string", "description": "IANA zone, default UTC"]),
                "mode": choice(LaunchMode.allCases.map(\.rawValue)),
                "vars": .object(["type": "string", "description": "The vars file's YAML text"]),
            ]),
            "CreatedLaunch": object(["id", "name", "steps", "gates", "runbookSHA256", "events"], [
                "id": integer, "name": string, "steps": integer, "gates": integer, "runbookSHA256": string,
                "events": .object(["type": "array", "items": ref("Event")]),
            ]),
            "Mark": object(["step", "mark"], ["step": string, "mark": choice(StepMark.allCases.map(\.rawValue)), "note": optionalString]),
            "Start": object(["step"], ["step": string]),
            "Hold": object(["reason"], ["reason": string]),
            "Resume": object([], ["note": optionalString]),
            "VoteBody": object(["gate", "role", "vote"], ["gate": string, "role": string, "vote": choice(["go", "nogo"]), "comment": optionalString]),
            "Override": object(["gate", "reason"], ["gate": string, "reason": string]),
            "Note": object(["text"], ["text": string]),
            "Defect": object(["text", "severity"], ["text": string, "severity": choice(DefectSeverity.allCases.map(\.rawValue))]),
            "Status": object(["status", "message"], ["status": choice(StatusLevel.allCases.map(\.rawValue)), "message": string]),
            "Participant": object(["name"], ["name": string, "roles": .object(["type": "array", "items": string]), "admin": .object(["type": "boolean"])]),
            "End": object(["outcome"], ["outcome": choice(LaunchOutcome.allCases.map(\.rawValue)), "note": optionalString]),
            "Complete": object([], ["note": optionalString, "override": optionalString]),
            "Confirmation": object(["criterion", "note"], ["criterion": string, "note": string]),
            "Retro": object(["kind", "text"], ["kind": choice(RetroKind.allCases.map(\.rawValue)), "text": string, "owner": optionalString, "due": optionalString]),
        ]
    }
}
