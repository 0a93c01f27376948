import Foundation
import Hummingbird
import NIOCore
import LiftoffKit
import LiftoffApplication
import LiftoffStore

/// The JSON API under /api/v1. Reads need a token (or session); writes go through
/// `LaunchService.execute`, so the API and the CLI enforce the same rules in one place. The
/// routes of one launch share `LaunchRouteGroup`, whose context checks the caller's access.
enum APIRoutes {
    @discardableResult
    static func register(on router: Router<ServerContext>, launch: inout LaunchRouteGroup, services: ServerServices) -> [RouteKey] {
        var keys: [RouteKey] = []
        func get(_ path: String, _ handler: @escaping @Sendable (Request, ServerContext) async throws -> Response) {
            router.get(RouterPath(path), use: handler)
            keys.append(RouteKey("GET", path))
        }
        func post(_ path: String, _ handler: @escaping @Sendable (Request, ServerContext) async throws -> Response) {
            router.post(RouterPath(path), use: handler)
            keys.append(RouteKey("POST", path))
        }

        get("/api/v1/openapi.json") { _, _ in
            JSONResponse.make(.ok, OpenAPIDocument.document(version: services.version))
        }
        get("/api/v1/launches") { _, context in try await list(context, services) }
        post("/api/v1/launches") { request, context in try await LaunchCreation.create(request, context, services) }
        post(AlertRoutes.path) { request, context in try await AlertRoutes.receive(request, context, services) }
        post(SlackRoutes.path) { request, context in try await SlackRoutes.receive(request, context, services) }
        launch.get { _, context in
            let state = try await state(context.launch, services)
            let body = await services.stateResponses.body(for: state, now: services.clock(), history: await services.histories.history(of: state))
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        launch.get("log") { request, context in
            let id = context.launch
            var from = 1
            if let raw = request.uri.queryParameters["from"] {
                guard let n = Int(raw), n >= 0 else { throw APIError.badRequest("from must be a sequence number (0 or more), not '\(raw)'") }
                from = n
            }
            let events = try await read(id, from: from, services)
            if events.isEmpty, from <= 1 { throw APIError.notFound("no launch \(id)") }
            if events.isEmpty { _ = try await state(id, services) }
            return JSONResponse.make(.ok, EventJSON.list(events))
        }
        launch.get("report") { request, context in try await ReportRoute.respond(request, context, services) }
        launch.get("verify") { _, context in
            let id = context.launch
            let events = try await read(id, from: 1, services)
            guard !events.isEmpty else { throw APIError.notFound("no launch \(id)") }
            var body: [String: JSONValue] = ["ok": .bool(true), "events": .int(Int64(events.count))]
            if let broken = EventChain.verify(events) {
                body["ok"] = .bool(false)
                body["brokenAt"] = .int(Int64(broken.seq))
                body["reason"] = .string(broken.reason)
            }
            return JSONResponse.make(.ok, .object(body))
        }

        launch.command("marks", MarkBody.self) { .markStep(step: $0.step, mark: $0.mark, note: $0.note) }
        launch.command("starts", StartBody.self) { .startStep(step: $0.step) }
        launch.command("hold", HoldBody.self) { .hold(reason: $0.reason) }
        launch.command("resume", ResumeBody.self) { .resume(note: $0.note) }
        launch.command("votes", VoteBody.self) { .vote(gate: $0.gate, role: $0.role, vote: $0.vote, comment: $0.comment) }
        launch.command("overrides", OverrideBody.self) { .overrideGate(gate: $0.gate, reason: $0.reason) }
        launch.command("notes", NoteBody.self) { .addNote($0.text) }
        launch.command("defects", DefectBody.self) { .logDefect($0.text, severity: $0.severity) }
        launch.command("status", StatusBody.self) { .postStatus(status: $0.status, message: $0.message) }
        launch.command("participants", ParticipantBody.self) { body in
            let name = body.name.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, !name.hasPrefix("local:"), name != "system" else {
                throw APIError(.unprocessableContent, "invalid", "a participant needs a name (not 'system' or local:…)")
            }
            let roles = (body.roles ?? []).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return .addParticipant(name: name, roles: roles, admin: body.admin ?? false)
        }
        launch.command("end", EndBody.self) { .end(outcome: $0.outcome, note: $0.note) }
        launch.command("complete", CompleteBody.self) { .complete(note: $0.note, override: $0.override) }
        launch.command("confirmations", ConfirmationBody.self) { .confirmCriterion(criterion: $0.criterion, note: $0.note) }
        launch.command("retro", RetroBody.self) { .addRetro(RetroAdded(kind: $0.kind, text: $0.text, owner: $0.owner, due: $0.due)) }
        return keys
    }

    /// The common path of every write: who (401/403), what (400/413), then the launch's rules.
    static func act<Body: StrictBody>(_ request: Request, _ context: LaunchRequestContext, _ services: ServerServices,
                                      _ command: (Body) throws -> LaunchCommand) async throws -> Response {
        let id = context.launch, user = context.user
        let body = try await StrictJSON.decode(Body.self, from: request)
        let resolved = try command(body)
        let events: [LaunchEvent]
        let started = ContinuousClock.now
        // Written only while the caller's credential still holds, checked with the append itself:
        // the identity may come from `CredentialCache` (docs/server.md).
        let credential = context.identity?.credentialCheck
        do {
            events = try await services.launches.execute(resolved, on: id, by: user.actor, credential: credential)
        } catch {
            if case .store(let stored) = error, stored.kind == .credentialEnded, let identity = context.identity, let credential {
                services.credentials.forget(identity.via, credential.sha256)
            }
            throw APIError.service(error)
        }
        services.metrics.appendTook(ContinuousClock.now - started)
        services.metrics.appended(events.count)
        return JSONResponse.make(.created, EventJSON.list(events))
    }

    static func list(_ context: ServerContext, _ services: ServerServices) async throws -> Response {
        let user = try APIAccess.user(context)
        let all: [LaunchSummary]
        do {
            all = try await services.store.launches()
        } catch {
            throw APIError.store(error)
        }
        let visible = all.filter { LaunchAccess.maySee(user, $0.id) }
        let rows: [JSONValue] = visible.map {
            .object(["id": .int($0.id), "name": .string($0.name), "createdAt": .string(CanonicalTime.string($0.createdAt)),
                     "lastSeq": .int(Int64($0.lastSeq)), "lastType": .string($0.lastType), "lastTime": .string(CanonicalTime.string($0.lastTime))])
        }
        return JSONResponse.make(.ok, .object(["launches": .array(rows)]))
    }

    static func state(_ id: Int64, _ services: ServerServices) async throws -> LaunchState {
        do {
            return try await services.launches.state(id)
        } catch {
            throw APIError.service(error)
        }
    }

    static func read(_ id: Int64, from: Int, _ services: ServerServices) async throws -> [LaunchEvent] {
        do {
            return try await services.store.read(id, from: from)
        } catch {
            throw APIError.store(error)
        }
    }
}
