import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The HTTP faces of the sandbox: each environment (`/healthz`, the token endpoint, `/metrics`)
/// and the control port (weight, faults, and the Prometheus-API query endpoint answered from
/// the sandbox's own counters, labelled as such).
enum SandboxRoutes {
    static let label = "Liftoff sandbox: synthetic traffic and metrics, not a production system"

    static func environment(_ name: String, sandbox: Sandbox) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/healthz") { _, _ -> Response in
            guard let env = await sandbox.environment(name) else { return json(["status": "unknown"], status: .notFound) }
            return json(["status": "ok", "env": name, "sha": env.sha, "data": ["sha": env.sha, "env": name]])
        }
        router.post("/api/v2/auth/token") { request, _ -> Response in
            _ = try? await request.body.collect(upTo: 64 * 1024)
            let token = SandboxToken.mint(subject: "smoke", key: sandbox.signingKey, now: Date())
            return json(["access_token": token, "token_type": "Bearer", "expires_in": 3600])
        }
        router.get("/api/v2/users/me") { request, _ -> Response in
            let header = request.headers[.authorization] ?? ""
            guard header.hasPrefix("Bearer "), let subject = SandboxToken.verify(String(header.dropFirst(7)), key: sandbox.signingKey, now: Date()) else {
                return json(["error": "a valid bearer token from POST /api/v2/auth/token is required"], status: .unauthorized)
            }
            return json(["id": subject, "name": "Smoke Test", "env": name])
        }
        router.get("/metrics") { _, _ -> Response in
            let text = await sandbox.metrics(of: name)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        router.get("/") { _, _ in json(["sandbox": label, "env": name]) }
        return router
    }

    static func control(sandbox: Sandbox, urls: @escaping @Sendable () -> [String: String]) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/") { _, _ in await state(sandbox, urls()) }
        router.get("/weight") { _, _ in await state(sandbox, urls()) }
        router.put("/weight") { request, _ in try await setWeight(request, sandbox, urls()) }
        router.post("/weight") { request, _ in try await setWeight(request, sandbox, urls()) }
        router.post("/fault") { request, _ -> Response in
            let fields = try await form(request)
            let env = fields["env"] ?? "green"
            let ratio = fields["errorRatio"].flatMap(Double.init) ?? 0.08
            let factor = fields["latencyFactor"].flatMap(Double.init) ?? 1
            do throws(SandboxError) {
                try await sandbox.setFault(env, errorRatio: ratio, latencyFactor: factor)
            } catch {
                return json(["error": error.description], status: .badRequest)
            }
            return await state(sandbox, urls())
        }
        router.get("/prometheus/api/v1/query") { request, _ in await answer(request.uri.queryParameters.get("query"), sandbox) }
        router.post("/prometheus/api/v1/query") { request, _ in
            let fields = try await form(request)
            return await answer(fields["query"] ?? request.uri.queryParameters.get("query"), sandbox)
        }
        router.get("/prometheus/api/v1/query_range") { request, _ in
            let q = request.uri.queryParameters
            return await answerRange(q.get("query"), start: q.get("start"), end: q.get("end"), step: q.get("step"), sandbox)
        }
        router.get("/prometheus/api/v1/status/buildinfo") { _, _ in
            json(["status": "success", "data": ["version": "liftoff-sandbox", "note": label]])
        }
        return router
    }

    static func setWeight(_ request: Request, _ sandbox: Sandbox, _ urls: [String: String]) async throws -> Response {
        let fields = try await form(request)
        guard let text = fields["green"], let weight = Int(text.replacingOccurrences(of: "%", with: "")) else {
            return json(["error": "say the green weight: PUT /weight {\"green\": 50} or ?green=50"], status: .badRequest)
        }
        do throws(SandboxError) {
            try await sandbox.setGreenWeight(weight)
        } catch {
            return json(["error": error.description], status: .badRequest)
        }
        return await state(sandbox, urls)
    }

    static func state(_ sandbox: Sandbox, _ urls: [String: String]) async -> Response {
        let green = await sandbox.greenWeight
        var environments: [String: Any] = [:]
        for name in ["blue", "green"] {
            guard let env = await sandbox.environment(name) else { continue }
            environments[name] = ["sha": env.sha, "url": urls[name] ?? "", "errorRatio": env.errorRatio,
                                  "weight": name == "green" ? green : 100 - green, "requests": Int(env.requestCount)]
        }
        return json(["sandbox": label, "weight": ["blue": 100 - green, "green": green], "environments": environments,
                     "prometheus": urls["prometheus"] ?? ""])
    }

    /// Prometheus HTTP API answer for an instant query, with an info saying who answered.
    static func answer(_ query: String?, _ sandbox: Sandbox) async -> Response {
        guard let query, !query.trimmingCharacters(in: .whitespaces).isEmpty else {
            return json(["status": "error", "errorType": "bad_data", "error": "a query parameter is required"], status: .badRequest)
        }
        let series: [SandboxQuery.Series]
        do throws(SandboxQuery.Failure) {
            series = try await sandbox.query(query)
        } catch {
            return json(["status": "error", "errorType": "bad_data", "error": error.description], status: .badRequest)
        }
        let now = Date().timeIntervalSince1970
        let result: [[String: Any]] = series.map { s in
            ["metric": s.labels.filter { $0.key != "__name__" }, "value": [now, SandboxExposition.number(s.value)]]
        }
        return json(["status": "success", "data": ["resultType": "vector", "result": result], "infos": [label]])
    }

    /// Prometheus HTTP API answer for a range query (a matrix), from the sandbox's history.
    static func answerRange(_ query: String?, start: String?, end: String?, step: String?, _ sandbox: Sandbox) async -> Response {
        guard let query, !query.trimmingCharacters(in: .whitespaces).isEmpty else {
            return json(["status": "error", "errorType": "bad_data", "error": "a query parameter is required"], status: .badRequest)
        }
        guard let from = start.flatMap(Double.init), let to = end.flatMap(Double.init), let every = step.flatMap(Double.init), every > 0, to >= from else {
            return json(["status": "error", "errorType": "bad_data", "error": "start, end and step are Unix seconds, step > 0 and end >= start"], status: .badRequest)
        }
        guard (to - from) / every <= 11_000 else {
            return json(["status": "error", "errorType": "bad_data", "error": "exceeded maximum resolution of 11,000 points per timeseries"], status: .badRequest)
        }
        let series: [SandboxQuery.RangeSeries]
        do throws(SandboxQuery.Failure) {
            series = try await sandbox.queryRange(query, start: from, end: to, step: every)
        } catch {
            return json(["status": "error", "errorType": "bad_data", "error": error.description], status: .badRequest)
        }
        let result: [[String: Any]] = series.map { s in
            ["metric": s.labels.filter { $0.key != "__name__" }, "values": s.values.map { [$0.at, SandboxExposition.number($0.value)] as [Any] }]
        }
        return json(["status": "success", "data": ["resultType": "matrix", "result": result], "infos": [label]])
    }

    /// Fields of a JSON object body, a form body, or the query string.
    static func form(_ request: Request) async throws -> [String: String] {
        var fields: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { fields[String(key)] = String(value) }
        let body = try await request.body.collect(upTo: 64 * 1024)
        let data = Data(buffer: body)
        if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            for (key, value) in object { fields[key] = "\(value)" }
        } else if let text = String(data: data, encoding: .utf8), !text.isEmpty {
            for pair in text.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0) }
                if parts.count == 2 { fields[parts[0]] = parts[1] }
            }
        }
        return fields
    }

    static func json(_ object: Any, status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        var headers: HTTPFields = [.contentType: "application/json"]
        if let name = HTTPField.Name("X-Liftoff-Sandbox") { headers[name] = "true" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
