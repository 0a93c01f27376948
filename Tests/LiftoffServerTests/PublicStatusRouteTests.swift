import Foundation
import LiftoffKit
import LiftoffServer
import LiftoffStore
import LiftoffTestSupport
import Testing

/// Publishing for customers over HTTP, and the public page as Statuspage JSON and Atom.
@Suite struct PublicStatusRouteTests {
    func item(_ value: JSONValue?, _ index: Int) -> JSONValue? {
        guard case .array(let items)? = value, items.indices.contains(index) else { return nil }
        return items[index]
    }

    @Test func publishedUpdatesReachTheFeedsAndInternalOnesDoNot() async throws {
        try await TestServer.with { server in
            let api = "/api/v1/launches/\(server.launch)"
            _ = try await server.request(.POST, api + "/status", token: server.tokens.lead,
                                         json: .object(["status": .string("green"), "message": .string("every required role voted GO")]))
            let templates = try await server.request(.GET, api + "/publications", token: server.tokens.lead)
            #expect(templates.status == 200)
            #expect(item(templates.json?["templates"], 0)?["phase"]?.stringValue == "scheduled")

            // The war room's form sends flat text: the incident's digits, components as name=status pairs.
            let name = PublicStatus.componentNames(try await server.state())[0]
            let opened = try await server.request(.POST, api + "/publications", token: server.tokens.lead, json: .object([
                "phase": .string("investigating"), "title": .string("Elevated errors"), "impact": .string("major"),
                "message": .string("Some requests fail."), "components": .string("\(name)=partial_outage"),
            ]))
            #expect(opened.status == 201, "\(opened.body)")
            let update = try await server.request(.POST, api + "/publications", token: server.tokens.lead, json: .object([
                "phase": .string("identified"), "incident": .string("1"), "message": .string("Found the cause."),
            ]))
            #expect(update.status == 201, "\(update.body)")
            let viewer = try await server.request(.POST, api + "/publications", token: server.tokens.viewer, json: .object([
                "phase": .string("monitoring"), "incident": .int(1), "message": .string("x"),
            ]))
            #expect(viewer.status == 403)
            let bad = try await server.request(.POST, api + "/publications", token: server.tokens.lead, json: .object([
                "phase": .string("monitoring"), "incident": .string("one"), "message": .string("x"),
            ]))
            #expect(bad.status == 400 && bad.errorMessage.contains("incident"), "\(bad.body)")

            let summary = try await server.request(.GET, "/status/\(server.launch)/api/v2/summary.json")
            #expect(summary.status == 200)
            let json = try #require(summary.json)
            #expect(json["status"]?["indicator"]?.stringValue == "major")
            #expect(item(json["incidents"], 0)?["status"]?.stringValue == "identified")
            #expect(item(item(json["incidents"], 0)?["incident_updates"], 1)?["body"]?.stringValue == "Some requests fail.")
            #expect(item(json["components"], 0)?["status"]?.stringValue == "partial_outage")
            #expect(json["page"]?["url"]?.stringValue == "\(server.base)/status/\(server.launch)")
            #expect(!summary.body.contains("voted GO"))

            let atom = try await server.request(.GET, "/status/\(server.launch)/history.atom")
            #expect(atom.status == 200)
            #expect(atom.headers.first(name: "Content-Type")?.hasPrefix("application/atom+xml") == true)
            #expect(atom.body.contains("Found the cause.") && !atom.body.contains("voted GO"))
            let missing = try await server.request(.GET, "/status/999/api/v2/summary.json")
            #expect(missing.status == 404 && missing.json?["error"] != nil)
        }
    }
}
