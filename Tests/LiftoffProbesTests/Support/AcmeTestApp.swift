import Foundation
import Hummingbird
import NIOCore

/// The Acme API as the smoke tests expect it, plus the misbehaving endpoints that prove
/// timeouts and isolation, and a scripted fake of Prometheus' `/api/v1/query`.
enum AcmeTestApp {
    static let releaseSHA = "4f2a9c1e"
    static let apiToken = "t0ken-s3cret-value"

    static func jwt(expiresIn seconds: Double, alg: String = "HS256") -> String {
        func segment(_ json: String) -> String {
            Data(json.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "").replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        }
        let exp = Int(Date().timeIntervalSince1970 + seconds)
        return segment("{\"alg\":\"\(alg)\",\"typ\":\"JWT\"}") + "." + segment("{\"sub\":\"smoke\",\"exp\":\(exp)}") + ".c2lnbmF0dXJl"
    }

    static func json(_ text: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// `rootRedirect`: the plain-HTTP side of a site, which sends `/` to HTTPS.
    static func router(dbStatus: String = "pass", redirectTarget: String = "https://localhost/", rootRedirect: String? = nil) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/") { _, _ in
            if let rootRedirect { return Response(status: .movedPermanently, headers: [.location: rootRedirect]) }
            return Response(status: .ok, headers: [.strictTransportSecurity: "max-age=63072000; includeSubDomains"], body: .init(byteBuffer: ByteBuffer(string: "acme")))
        }
        router.get("/healthz") { _, _ in
            json(#"{"data":{"status":"ok","sha":"\#(releaseSHA)","checks":{"db":{"status":"\#(dbStatus)"}}}}"#)
        }
        router.post("/api/v2/auth/token") { _, _ in
            json(#"{"access_token":"\#(jwt(expiresIn: 3600))","token_type":"Bearer"}"#)
        }
        router.post("/api/v2/auth/expired-token") { _, _ in
            json(#"{"access_token":"\#(jwt(expiresIn: -3600))"}"#)
        }
        router.get("/api/v2/users/me") { request, _ in
            guard request.headers[.authorization] == "Bearer \(apiToken)" else {
                return json(#"{"error":"unauthorized"}"#, status: .unauthorized)
            }
            return json(#"{"user":"smoke","seen_token":"\#(apiToken)"}"#)
        }
        router.get("/old") { _, _ in
            Response(status: .movedPermanently, headers: [.location: "/new"])
        }
        router.get("/new") { _, _ in "new" }
        router.get("/to-https") { _, _ in
            Response(status: .movedPermanently, headers: [.location: redirectTarget])
        }
        router.get("/slow") { _, _ in
            try await Task.sleep(for: .milliseconds(400))
            return "slow"
        }
        router.get("/hang") { _, _ in
            try await Task.sleep(for: .seconds(120))
            return "never"
        }
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(string: "# TYPE liftoff_replication_lag_seconds gauge\nliftoff_replication_lag_seconds{replica=\"a\"} 2\nliftoff_replication_lag_seconds{replica=\"b\"} 3\n")))
        }
        router.get("/prom/api/v1/query") { _, _ in
            json(#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1700000000,"2"]}]}}"#)
        }
        // A scripted Prometheus: /prom/{case}/api/v1/query.
        router.get("/prom/:case/api/v1/query") { request, context in
            switch context.parameters.get("case") ?? "" {
            case "ok":
                return json(#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"replica":"a"},"value":[1700000000,"2"]}]}}"#)
            case "scalar":
                return json(#"{"status":"success","data":{"resultType":"scalar","result":[1700000000,"0.004"]}}"#)
            case "nan":
                return json(#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1700000000,"NaN"]}]}}"#)
            case "inf":
                return json(#"{"status":"success","data":{"resultType":"scalar","result":[1700000000,"+Inf"]}}"#)
            case "empty":
                return json(#"{"status":"success","data":{"resultType":"vector","result":[]}}"#)
            case "error":
                return json(#"{"status":"error","errorType":"bad_data","error":"parse error at char 5: unexpected \")\""}"#, status: .badRequest)
            case "unavailable":
                return Response(status: .serviceUnavailable, body: .init(byteBuffer: ByteBuffer(string: "Service Unavailable")))
            case "slow":
                try await Task.sleep(for: .seconds(120))
                return json("{}")
            case "malformed":
                return json(#"{"status":"success","data":{"resultType":"vector","result":[{"#)
            case "matrix":
                return json(#"{"status":"success","data":{"resultType":"matrix","result":[]}}"#)
            default:
                return json(#"{"query":"\#(request.uri.queryParameters.get("query") ?? "")"}"#)
            }
        }
        return router
    }
}
