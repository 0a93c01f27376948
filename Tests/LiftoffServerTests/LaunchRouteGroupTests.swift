import AsyncHTTPClient
import Foundation
import LiftoffKit
import LiftoffServer
import NIOHTTP1
import Testing

/// Every route under /api/v1/launches/{id}, as the OpenAPI document lists them, refuses the same
/// callers the same way before it runs: the group's context makes the check once
/// (docs/architecture.md, "Server routes"). A route added to the group later is covered here
/// without being named.
@Suite struct LaunchRouteGroupTests {
    static let prefix = "/api/v1/launches/{id}"

    static var launchRoutes: [RouteKey] {
        OpenAPIDocument.routes.filter { $0.path.hasPrefix(prefix) }.sorted { $0.description < $1.description }
    }

    @Test func theDocumentHasTheLaunchRoutes() {
        let reads = Self.launchRoutes.filter { $0.method == "GET" }.map(\.path)
        let writes = Self.launchRoutes.filter { $0.method == "POST" }.map(\.path)
        #expect(reads.contains(Self.prefix) && reads.contains(Self.prefix + "/events") && reads.contains(Self.prefix + "/report"))
        #expect(writes.contains(Self.prefix + "/marks") && writes.contains(Self.prefix + "/publications"))
    }

    @Test func everyLaunchRouteRefusesBeforeItRuns() async throws {
        try await TestServer.with { server in
            for route in Self.launchRoutes {
                let method: HTTPMethod = route.method == "POST" ? .POST : .GET
                func ask(_ id: String, _ token: String?) async throws -> TestServer.Reply {
                    let path = route.path.replacingOccurrences(of: "{id}", with: id)
                    // An empty object: a body the route would refuse, so a status below is the group's.
                    return try await server.request(method, path, token: token, json: method == .POST ? .object([:]) : nil)
                }
                let here = String(server.launch)
                let anonymous = try await ask(here, nil)
                #expect(anonymous.status == 401, "\(route): \(anonymous.body)")
                #expect(try await ask(here, "not-a-token").status == 401, "\(route)")
                let elsewhere = try await ask(here, server.tokens.scopedElsewhere)
                #expect(elsewhere.status == 403, "\(route): \(elsewhere.body)")
                #expect(elsewhere.errorMessage.contains("launch"), "\(route): \(elsewhere.body)")
                for bad in ["abc", "0", "-1"] {
                    let reply = try await ask(bad, server.tokens.admin)
                    #expect(reply.status == 404, "\(route) with id \(bad): \(reply.body)")
                    #expect(reply.errorMessage.contains("launches are numbered from 1"), "\(route): \(reply.body)")
                }
            }
        }
    }

    @Test func aCallerAllowedNearTheLaunchReachesTheRoute() async throws {
        try await TestServer.with { server in
            // Reads only, but the event stream, which stays open; writes are the access matrix's.
            for route in Self.launchRoutes where route.method == "GET" && !route.path.hasSuffix("/events") {
                let path = route.path.replacingOccurrences(of: "{id}", with: String(server.launch))
                let reply = try await server.request(.GET, path, token: server.tokens.scopedHere)
                #expect(reply.status == 200, "\(route): \(reply.body)")
            }
            let missing = try await server.request(.GET, "/api/v1/launches/999", token: server.tokens.admin)
            #expect(missing.status == 404, "a launch number that names no launch: \(missing.body)")
        }
    }
}
