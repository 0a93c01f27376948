import Foundation
import Hummingbird
import LiftoffApplication
import LiftoffKit
import LiftoffRender
import NIOCore

/// `GET /api/v1/launches/{id}/report?format=md|html|json`: the post-launch report, for anyone who
/// may read the launch. The HTML page carries its own, stricter Content-Security-Policy (its one
/// inline style sheet is admitted by hash), which the security headers keep.
enum ReportRoute {
    static func respond(_ request: Request, _ context: LaunchRequestContext, _ services: ServerServices) async throws -> Response {
        let id = context.launch
        let raw = request.uri.queryParameters["format"].map(String.init) ?? "json"
        guard let format = Format(rawValue: raw) else {
            throw APIError.badRequest("format must be md, html or json, not '\(raw)'")
        }
        let report: LaunchReport
        do throws(LaunchService.Failure) {
            report = try await LaunchService(store: services.store, clock: services.clock).report(id, signals: services.signals)
        } catch {
            switch error {
            case .store(let failure): throw APIError.store(failure)
            case .projection(let problem): throw APIError(.internalServerError, "unreadable_launch", "the launch's events cannot be read: \(problem)")
            case .refused(let refusal): throw APIError(.internalServerError, "unreadable_launch", "\(refusal)")
            }
        }
        switch format {
        case .json:
            return JSONResponse.make(.ok, report.json())
        case .md:
            return text(report.markdown(), type: "text/markdown; charset=utf-8")
        case .html:
            var response = text(report.html(), type: "text/html; charset=utf-8")
            response.headers[.contentSecurityPolicy] = ReportStyle.contentSecurityPolicy + "; frame-ancestors 'none'"
            return response
        }
    }

    enum Format: String {
        case md, html, json
    }

    static func text(_ body: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "no-store"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
