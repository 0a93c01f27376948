import Foundation
import LiftoffKit
import LiftoffRender
import LiftoffServer
import Testing

/// `GET /api/v1/launches/{id}/report` on a real server over a real SQLite file.
@Suite struct ReportRouteTests {
    @Test func everyFormatWithItsContentTypeForAnyReader() async throws {
        try await TestServer.with { server in
            let base = "/api/v1/launches/\(server.launch)"
            let note = try await server.request(.POST, base + "/notes", token: server.tokens.lead,
                                                json: .object(["text": .string("<script>alert(1)</script> bridge open")]))
            #expect(note.status == 201, "\(note.body)")

            let html = try await server.request(.GET, base + "/report?format=html", token: server.tokens.viewer)
            #expect(html.status == 200)
            #expect(html.headers.first(name: "Content-Type") == "text/html; charset=utf-8")
            let policy = html.headers.first(name: "Content-Security-Policy") ?? ""
            #expect(policy.hasPrefix(ReportStyle.contentSecurityPolicy) && policy.contains("frame-ancestors 'none'"),
                    "the page's own policy, which admits its style by hash: \(policy)")
            #expect(!policy.contains("unsafe-inline"))
            #expect(html.body.contains("&lt;script&gt;alert(1)&lt;/script&gt; bridge open"))
            #expect(!html.body.lowercased().contains("<script"))
            #expect(html.body.contains("checkout-v2") && html.body.contains("in progress"))

            let md = try await server.request(.GET, base + "/report?format=md", token: server.tokens.viewer)
            #expect(md.status == 200)
            #expect(md.headers.first(name: "Content-Type") == "text/markdown; charset=utf-8")
            #expect(md.body.hasPrefix("# Launch report: checkout-v2"))
            #expect(md.headers.first(name: "Content-Security-Policy")?.contains("default-src 'self'") == true, "other responses keep the server's policy")

            let json = try await server.request(.GET, base + "/report", token: server.tokens.viewer)
            #expect(json.status == 200)
            #expect(json.headers.first(name: "Content-Type") == "application/json; charset=utf-8")
            #expect(json.json?["name"]?.stringValue == "checkout-v2")
            #expect(json.json?["running"] == .bool(true))
            #expect(json.json?["integrity"]?["verified"] == .bool(true))
        }
    }

    @Test func badFormatUnknownLaunchAndAccess() async throws {
        try await TestServer.with { server in
            let base = "/api/v1/launches/\(server.launch)/report"
            let bad = try await server.request(.GET, base + "?format=pdf", token: server.tokens.viewer)
            #expect(bad.status == 400)
            #expect(bad.errorMessage.contains("md, html or json"))
            #expect(try await server.request(.GET, "/api/v1/launches/999/report", token: server.tokens.admin).status == 404)
            #expect(try await server.request(.GET, "/api/v1/launches/0/report", token: server.tokens.admin).status == 404)
            #expect(try await server.request(.GET, base).status == 401)
            #expect(try await server.request(.GET, base, token: server.tokens.scopedElsewhere).status == 403)
            #expect(try await server.request(.GET, base, token: server.tokens.scopedHere).status == 200)
        }
    }

    @Test func theWarRoomLinksToTheReport() throws {
        let page = try WebFixture().warRoom(as: WebFixture.viewer)
        #expect(page.contains("<a class=\"report-link\" href=\"/api/v1/launches/1/report?format=html\">Report</a>"))
    }
}
