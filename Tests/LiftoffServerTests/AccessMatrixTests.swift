import Foundation
import LiftoffKit
import LiftoffStore
import LiftoffTestSupport
import Testing

/// Every caller against every state-changing endpoint, each role on a fresh server so earlier
/// cells cannot change later ones. Expected statuses follow the launch rules (`LaunchDecider`):
/// viewers read only; role holders mark, note, log defects, post status and vote as their roles;
/// admins override, add participants, end and create launches (and vote only as roles they hold).
@Suite(.serialized) struct AccessMatrixTests {
    enum Caller: String, CaseIterable, Sendable {
        case anonymous, wrongToken, scopedToOtherLaunch, viewer, roleHolder, otherRoleHolder, scopedHere, admin
    }

    enum Action: String, CaseIterable, Sendable {
        case mark, vote, note, defect, status, participant, override, end, create
    }

    static func expected(_ caller: Caller, _ action: Action) -> Int {
        switch caller {
        case .anonymous, .wrongToken: return 401
        case .scopedToOtherLaunch: return 403
        case .viewer: return 403
        case .roleHolder, .scopedHere:
            return [.mark, .vote, .note, .defect, .status].contains(action) ? 201 : 403
        case .otherRoleHolder:
            // Holds Product Owner, votes as Engineering Lead: refused; other writes are allowed.
            return [.mark, .note, .defect, .status].contains(action) ? 201 : 403
        case .admin:
            return action == .vote ? 403 : 201
        }
    }

    @Test(arguments: Caller.allCases)
    func everyActionAnswersExactly(_ caller: Caller) async throws {
        try await TestServer.with { server in
            let token: String? = switch caller {
            case .anonymous: nil
            case .wrongToken: "not-a-token"
            case .scopedToOtherLaunch: server.tokens.scopedElsewhere
            case .viewer: server.tokens.viewer
            case .roleHolder: server.tokens.lead
            case .otherRoleHolder: server.tokens.owner
            case .scopedHere: server.tokens.scopedHere
            case .admin: server.tokens.admin
            }
            let step = try await server.stepID("Freeze merges to main")
            let gate = try await server.gateID()
            let launch = "/api/v1/launches/\(server.launch)"
            for action in Action.allCases {
                let (path, body): (String, JSONValue) = switch action {
                case .mark: (launch + "/marks", .object(["step": .string(step), "mark": .string("done"), "note": .string("frozen")]))
                case .vote: (launch + "/votes", .object(["gate": .string(gate), "role": .string("Engineering Lead"), "vote": .string("go")]))
                case .note: (launch + "/notes", .object(["text": .string("hello")]))
                case .defect: (launch + "/defects", .object(["text": .string("typo on banner"), "severity": .string("low")]))
                case .status: (launch + "/status", .object(["status": .string("green"), "message": .string("all good")]))
                case .participant: (launch + "/participants", .object(["name": .string("newbie"), "roles": .array([.string("viewer")])]))
                case .override: (launch + "/overrides", .object(["gate": .string(gate), "reason": .string("CAB approved by phone")]))
                case .end: (launch + "/end", .object(["outcome": .string("aborted")]))
                case .create: ("/api/v1/launches", .object(["name": .string("created-by-\(caller.rawValue)"),
                                                            "runbookSource": .string(SampleRunbooks.checkout), "at": .string("2026-12-01T09:00"),
                                                            "tz": .string("Europe/Oslo")]))
                }
                let before = try await server.store.read(server.launch, from: 1).count
                let reply = try await server.request(.POST, path, token: token, json: body)
                let want = Self.expected(caller, action)
                #expect(reply.status == want, "\(caller) \(action): \(reply.status) \(reply.body)")
                if want == 201 {
                    if action != .create {
                        let events = reply.json?["events"]
                        if case .array(let list)? = events { #expect(!list.isEmpty, "\(caller) \(action) returned no events") }
                        else { Issue.record("\(caller) \(action): no events in \(reply.body)") }
                    }
                } else {
                    #expect(reply.json?["error"]?["code"] != nil, "\(caller) \(action): not the error shape: \(reply.body)")
                    let after = try await server.store.read(server.launch, from: 1).count
                    #expect(after == before, "\(caller) \(action) was refused but wrote events")
                }
            }
            // Reads: the same callers may or may not look.
            let read = try await server.request(.GET, launch, token: token)
            let readWant = switch caller {
            case .anonymous, .wrongToken: 401
            case .scopedToOtherLaunch: 403
            default: 200
            }
            #expect(read.status == readWant, "\(caller) GET state: \(read.status)")
        }
    }
}
