import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The outermost layer: turns every error into the JSON error shape, adds the security headers,
/// counts and times the request by route and status, and logs it (one structured line).
struct ServerMiddleware: RouterMiddleware {
    typealias Context = ServerContext
    let services: ServerServices

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        var context = context
        let origin = services.settings.trustedProxies.origin(peer: context.clientAddress, headers: request.headers,
                                                                    tls: services.settings.tls || services.settings.certificate != nil)
        context.clientAddress = origin.client
        context.https = origin.https
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as APIError {
            response = APIError.json(status: error.status, code: error.code, message: error.message, headers: error.headers)
        } catch let error as HTTPError {
            let message = error.body ?? Self.defaultMessage(error.status)
            response = APIError.json(status: error.status, code: Self.code(error.status), message: message, headers: error.headers)
        } catch let error as any HTTPResponseError {
            response = APIError.json(status: error.status, code: Self.code(error.status), message: Self.defaultMessage(error.status))
        } catch {
            services.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            response = APIError.json(status: .internalServerError, code: "internal", message: "the server failed to answer; see its log")
        }
        SecurityHeaders.apply(to: &response.headers, tls: context.https)
        let route = context.endpointPath ?? "unmatched"
        let elapsed = ContinuousClock.now - started
        services.metrics.request(route: route, method: request.method.rawValue, status: response.status.code, duration: elapsed)
        let ms = Double(elapsed.nanoseconds) / 1_000_000
        services.logger.info("request", metadata: [
            "method": "\(request.method.rawValue)", "path": "\(request.uri.path)", "route": "\(route)",
            "status": "\(response.status.code)", "ms": "\(String(format: "%.1f", ms))",
            "user": "\(context.caller.logName)",
        ])
        return response
    }

    static func code(_ status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "bad_request"
        case 401: "unauthenticated"
        case 403: "forbidden"
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 413: "too_large"
        case 429: "rate_limited"
        default: status.code >= 500 ? "internal" : "error"
        }
    }

    static func defaultMessage(_ status: HTTPResponse.Status) -> String {
        switch status.code {
        case 404: "no such route; the API is described at /api/v1/openapi.json"
        default: status.reasonPhrase
        }
    }
}
