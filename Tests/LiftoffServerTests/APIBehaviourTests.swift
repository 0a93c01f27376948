import Foundation
import LiftoffKit
import LiftoffServer
import LiftoffStore
import LiftoffTestSupport
import Testing

@Suite struct APIBehaviourTests {
    @Test func healthNamesVersionAndStore() async throws {
        try await TestServer.with { server in
            let reply = try await server.request(.GET, "/healthz")
            #expect(reply.status == 200)
            #expect(reply.json == .object(["status": .string("ok"), "version": .string("test"), "store": .string("sqlite"), "watcher": .string("off")]))
        }
    }

    @Test func unknownFieldIsNamed() async throws {
        try await TestServer.with { server in
            let before = try await server.store.read(server.launch, from: 1).count
            let reply = try await server.request(.POST, "/api/v1/launches/\(server.launch)/notes", token: server.tokens.lead,
                                                 json: .object(["text": .string("hi"), "colour": .string("red")]))
            #expect(reply.status == 400)
            #expect(reply.json?["error"]?["code"]?.stringValue == "bad_request")
            #expect(reply.errorMessage.contains("'colour'"), "\(reply.errorMessage)")
            #expect(try await server.store.read(server.launch, from: 1).count == before)
        }
    }

    @Test func malformedAndMistypedBodiesAre400() async throws {
        try await TestServer.with { server in
            let path = "/api/v1/launches/\(server.launch)/marks"
            let broken = try await server.request(.POST, path, token: server.tokens.lead, body: "{\"step\": ", headers: [("Content-Type", "application/json")])
            #expect(broken.status == 400)
            #expect(broken.errorMessage.contains("not valid JSON"))
            let missing = try await server.request(.POST, path, token: server.tokens.lead, json: .object(["mark": .string("done")]))
            #expect(missing.status == 400)
            #expect(missing.errorMessage.contains("'step'"), "\(missing.errorMessage)")
            let wrongMark = try await server.request(.POST, path, token: server.tokens.lead, json: .object(["step": .string("x"), "mark": .string("finished")]))
            #expect(wrongMark.status == 400)
            #expect(wrongMark.errorMessage.contains("'mark'"), "\(wrongMark.errorMessage)")
        }
    }

    /// POSTs `body` over a plain socket, all of it, and reads what comes back until the server
    /// closes or 30 s pass.
    static func rawPost(_ server: TestServer, _ path: String, token: String, body: String) async throws -> String {
        guard let port = server.base.split(separator: ":").last.flatMap({ Int($0) }) else { throw TestFailure("no port in \(server.base)") }
        return try await RawConnection.off { () throws -> String in
            let connection = try RawConnection(port: port)
            connection.send("POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n")
            connection.send(body)
            return connection.read(timeout: 30).text
        }
    }

    @Test func oversizedBodiesAre413() async throws {
        try await TestServer.with { server in
            // Over a plain socket: the server answers 413 and closes while the body still comes,
            // and an HTTP client library may report its own unfinished upload instead of the answer.
            let big = String(repeating: "x", count: (1 << 20) + 10)
            let note = try await Self.rawPost(server, "/api/v1/launches/\(server.launch)/notes", token: server.tokens.lead, body: #"{"text":""# + big + #""}"#)
            #expect(note.hasPrefix("HTTP/1.1 413"), "\(note.prefix(200))")
            #expect(note.contains(#""too_large""#))
            // A runbook upload may be larger than 1 MiB, up to 5 MiB.
            let line = String(repeating: "Some prose about the launch. ", count: 40) + "\n\n"
            let runbook = SampleRunbooks.checkout + "\n" + String(repeating: line, count: 1_000)
            let create = try await server.request(.POST, "/api/v1/launches", token: server.tokens.admin, json: .object([
                "name": .string("big"), "runbookSource": .string(runbook), "at": .string("2026-12-01T09:00"), "tz": .string("Europe/Oslo"),
            ]))
            #expect(create.status == 201, "\(create.body.prefix(300))")
            let tooBig = String(repeating: "x", count: (5 << 20) + 10)
            let refused = try await Self.rawPost(server, "/api/v1/launches", token: server.tokens.admin,
                                                 body: #"{"name":"huge","at":"2026-12-01T09:00","runbookSource":""# + tooBig + #""}"#)
            #expect(refused.hasPrefix("HTTP/1.1 413"), "\(refused.prefix(200))")
        }
    }

    @Test func refusalsMapToStatuses() async throws {
        try await TestServer.with { server in
            let launch = "/api/v1/launches/\(server.launch)"
            let unknownLaunch = try await server.request(.GET, "/api/v1/launches/999", token: server.tokens.admin)
            #expect(unknownLaunch.status == 404)
            let unknownStep = try await server.request(.POST, launch + "/marks", token: server.tokens.lead,
                                                       json: .object(["step": .string("no/such/step"), "mark": .string("done")]))
            #expect(unknownStep.status == 404)
            // After the gate: blocked until it is decided GO.
            let deploy = try await server.stepID("Deploy the release")
            let blocked = try await server.request(.POST, launch + "/marks", token: server.tokens.lead,
                                                   json: .object(["step": .string(deploy), "mark": .string("done")]))
            #expect(blocked.status == 409)
            #expect(blocked.json?["error"]?["code"]?.stringValue == "blocked_by_gate")
            let emptyNote = try await server.request(.POST, launch + "/notes", token: server.tokens.lead, json: .object(["text": .string("  ")]))
            #expect(emptyNote.status == 422)
            let freeze = try await server.stepID("Freeze merges to main")
            let first = try await server.request(.POST, launch + "/marks", token: server.tokens.lead,
                                                 json: .object(["step": .string(freeze), "mark": .string("done")]))
            #expect(first.status == 201)
            let again = try await server.request(.POST, launch + "/marks", token: server.tokens.lead,
                                                 json: .object(["step": .string(freeze), "mark": .string("done")]))
            #expect(again.status == 409)
            // The state shows it, the same JSON as `liftoff launch status --all --format json`.
            let state = try await server.request(.GET, launch, token: server.tokens.viewer)
            #expect(state.status == 200)
            guard case .array(let steps)? = state.json?["steps"] else { Issue.record("no steps in \(state.body)"); return }
            #expect(steps.contains { $0["id"]?.stringValue == freeze && $0["state"]?.stringValue == "done" && $0["by"]?.stringValue == "lee" })
            let log = try await server.request(.GET, launch + "/log?from=2", token: server.tokens.viewer)
            guard case .array(let events)? = log.json?["events"] else { Issue.record("no events in \(log.body)"); return }
            #expect(events.first?["seq"] == .int(2))
            let verify = try await server.request(.GET, launch + "/verify", token: server.tokens.viewer)
            #expect(verify.json?["ok"] == .bool(true))
        }
    }

    @Test func createFromServerPathIsRelativeToWorkingDirectory() async throws {
        var settings = ServerSettings()
        settings.workingDirectory = Repository.root.path
        try await TestServer.with(settings: settings) { server in
            let reply = try await server.request(.POST, "/api/v1/launches", token: server.tokens.admin, json: .object([
                "name": .string("acme"), "runbookPath": .string("examples/acme-blue-green/runbook.md"), "at": .string("2026-12-01T09:00Z"),
            ]))
            #expect(reply.status == 201, "\(reply.body)")
            #expect(reply.headers.first(name: "Location") != nil)
            let missing = try await server.request(.POST, "/api/v1/launches", token: server.tokens.admin, json: .object([
                "name": .string("nope"), "runbookPath": .string("examples/none.md"), "at": .string("2026-12-01T09:00Z"),
            ]))
            #expect(missing.status == 422)
            for outside in ["/etc/passwd", "../../../../etc/passwd", "examples/../../etc/hosts"] {
                let escape = try await server.request(.POST, "/api/v1/launches", token: server.tokens.admin, json: .object([
                    "name": .string("escape"), "runbookPath": .string(outside), "at": .string("2026-12-01T09:00Z"),
                ]))
                #expect(escape.status == 403, "\(outside): \(escape.body)")
            }
            let notAdmin = try await server.request(.POST, "/api/v1/launches", token: server.tokens.lead, json: .object([
                "name": .string("sneaky"), "runbookPath": .string("/etc/passwd"), "at": .string("2026-12-01T09:00Z"),
            ]))
            #expect(notAdmin.status == 403)
            let listed = try await server.request(.GET, "/api/v1/launches", token: server.tokens.scopedHere)
            guard case .array(let rows)? = listed.json?["launches"] else { Issue.record("no list: \(listed.body)"); return }
            #expect(rows.count == 1, "a scoped token sees its launch only")
        }
    }

    @Test func securityHeadersOnEveryKindOfResponse() async throws {
        try await TestServer.with { server in
            let replies = [
                try await server.request(.GET, "/healthz"),
                try await server.request(.GET, "/api/v1/launches", token: server.tokens.admin),
                try await server.request(.GET, "/api/v1/launches"),
                try await server.request(.GET, "/no/such/page"),
                try await server.request(.GET, "/login"),
                try await server.request(.POST, "/api/v1/launches/\(server.launch)/notes", token: server.tokens.lead, json: .object(["x": .null])),
            ]
            for reply in replies {
                #expect(reply.headers.first(name: "Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)
                #expect(reply.headers.first(name: "Content-Security-Policy")?.contains("unsafe-inline") == false)
                #expect(reply.headers.first(name: "X-Content-Type-Options") == "nosniff")
                #expect(reply.headers.first(name: "Referrer-Policy") == "no-referrer")
                #expect(reply.headers.first(name: "X-Frame-Options") == "DENY")
                #expect(reply.headers.first(name: "Strict-Transport-Security") == nil, "no HSTS without TLS")
            }
            #expect(replies[3].status == 404)
            #expect(replies[3].json?["error"]?["code"]?.stringValue == "not_found")
        }
    }

    @Test func metricsCountRequestsAndAppends() async throws {
        try await TestServer.with { server in
            _ = try await server.request(.POST, "/api/v1/launches/\(server.launch)/notes", token: server.tokens.lead, json: .object(["text": .string("one")]))
            let metrics = try await server.request(.GET, "/metrics")
            #expect(metrics.status == 200)
            #expect(metrics.body.contains("liftoff_http_requests_total{"))
            #expect(metrics.body.contains("route=\"/api/v1/launches/{id}/notes\""))
            #expect(metrics.body.contains("status=\"201\""))
            #expect(metrics.body.contains("liftoff_http_request_duration_seconds_bucket"))
            #expect(metrics.body.contains("liftoff_sse_subscribers"))
            // The note, and the participant.added of lee's first action.
            #expect(metrics.body.contains("liftoff_events_appended_total 2"))
        }
    }

    @Test func openAPIDocumentListsExactlyTheRoutes() async throws {
        let services = ServerServices(store: try await SQLiteEventStore.open(path: try Repository.temporaryDirectory("oa").appendingPathComponent("l.db").path, create: true),
                                      storeKind: "sqlite", version: "test")
        let registered = Set(LiftoffServerApp.build(services: services).apiRoutes)
        let documented = OpenAPIDocument.routes
        #expect(registered.subtracting(documented).isEmpty, "registered but not documented: \(registered.subtracting(documented))")
        #expect(documented.subtracting(registered).isEmpty, "documented but not registered: \(documented.subtracting(registered))")
        await services.store.close()
        try await TestServer.with { server in
            let reply = try await server.request(.GET, "/api/v1/openapi.json")
            #expect(reply.status == 200)
            #expect(reply.json?["openapi"]?.stringValue == "3.1.0")
        }
    }
}
