import Hummingbird
import LiftoffKit
import NIOCore

/// `/healthz` and `/metrics`: for load balancers and Prometheus, no login.
enum OperationalRoutes {
    @discardableResult
    static func register(on router: Router<ServerContext>, services: ServerServices) -> [RouteKey] {
        router.get("/healthz") { _, _ -> Response in
            let body = JSONValue.object(["status": .string("ok"), "version": .string(services.version), "store": .string(services.storeKind), "watcher": .string(services.watcherRole())])
            return JSONResponse.make(.ok, body)
        }
        router.get("/metrics") { _, _ -> Response in
            services.metrics.watcher(role: services.watcherRole())
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: services.metrics.text())))
        }
        return [RouteKey("GET", "/healthz"), RouteKey("GET", "/metrics")]
    }
}

enum JSONResponse {
    static func make(_ status: HTTPResponse.Status, _ body: JSONValue, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: CanonicalJSON.string(body))))
    }
}
