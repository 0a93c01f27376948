import Foundation
import LiftoffKit
import LiftoffServer
import LiftoffTestSupport
import Testing

/// The landing endpoints: confirmations, completion and the retrospective, through the API.
@Suite struct LandingAPITests {
    @Test func completeConfirmAndRetroThroughTheAPI() async throws {
        try await TestServer.with { server in
            let launch = "/api/v1/launches/\(server.launch)"
            let unknown = try await server.request(.POST, launch + "/confirmations", token: server.tokens.lead,
                                                   json: .object(["criterion": .string("no/such"), "note": .string("ok")]))
            #expect(unknown.status == 404)
            let viewer = try await server.request(.POST, launch + "/complete", token: server.tokens.viewer, json: .object([:]))
            #expect(viewer.status == 403)
            // The sample runbook states no success criteria: nothing stands between it and a success.
            let complete = try await server.request(.POST, launch + "/complete", token: server.tokens.lead, json: .object(["note": .string("landed")]))
            #expect(complete.status == 201, "\(complete.body)")
            let noOwner = try await server.request(.POST, launch + "/retro", token: server.tokens.lead,
                                                   json: .object(["kind": .string("action"), "text": .string("Alert on lag")]))
            #expect(noOwner.status == 422)
            let action = try await server.request(.POST, launch + "/retro", token: server.tokens.lead,
                                                  json: .object(["kind": .string("action"), "text": .string("Alert on lag"), "owner": .string("SRE Lead"), "due": .string("2026-12-15")]))
            #expect(action.status == 201, "after the end: \(action.body)")
            let state = try await server.request(.GET, launch, token: server.tokens.viewer)
            #expect(state.json?["lifecycle"]?.stringValue == "completed", "\(state.body)")
            let report = try await server.request(.GET, launch + "/report?format=json", token: server.tokens.viewer)
            guard case .array(let retro)? = report.json?["retrospective"] else { Issue.record("no retrospective in \(report.body)"); return }
            #expect(retro.first?["owner"]?.stringValue == "SRE Lead")
        }
    }
}
