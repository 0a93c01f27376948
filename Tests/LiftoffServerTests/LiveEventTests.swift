import AsyncHTTPClient
import Foundation
import LiftoffKit
import LiftoffServer
import LiftoffStore
import NIOCore
import Testing

@Suite(.serialized) struct LiveEventTests {
    /// Appends `count` notes straight to the store, one transaction each, as fast as it goes.
    static func burst(_ server: TestServer, count: Int, text: String = "burst") async throws -> ClosedRange<Int> {
        var seq = try await server.store.read(server.launch, from: 1).last?.seq ?? 0
        let first = seq + 1
        for i in 0..<count {
            let draft = EventDraft(actor: "ada", NoteAdded(text: "\(text) \(i)"))
            seq = try await server.store.append([draft], to: server.launch, expectedSeq: seq).last?.seq ?? seq
        }
        return first...seq
    }

    static func waitForViewers(_ server: TestServer, _ count: Int) async throws {
        for _ in 0..<600 {
            if await server.services.hub.viewerCount(server.launch) >= count { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestFailure("only \(await server.services.hub.viewerCount(server.launch)) of \(count) viewers connected")
    }

    @Test func twoHundredViewersReceiveAThousandEventsInOrder() async throws {
        try await TestServer.with(connections: 260) { server in
            let head = try await server.store.read(server.launch, from: 1).last?.seq ?? 0
            let last = head + 1000
            let received = try await withThrowingTaskGroup(of: [Int].self) { group in
                for _ in 0..<200 {
                    group.addTask {
                        let frames = try await server.readEvents(query: "?from=\(head + 1)") { $0.last?.id == last }
                        return frames.compactMap(\.id)
                    }
                }
                try await Self.waitForViewers(server, 200)
                #expect(await server.services.hub.subscriptionCount == 1, "one store subscription shared by every viewer")
                let appended = try await Self.burst(server, count: 1000)
                #expect(appended == (head + 1)...last)
                var all: [[Int]] = []
                for try await ids in group { all.append(ids) }
                return all
            }
            #expect(received.count == 200)
            let expected = Array((head + 1)...last)
            for ids in received { #expect(ids == expected, "got \(ids.count) events, first \(ids.first ?? 0), last \(ids.last ?? 0)") }
            // The last viewer leaving ends the launch's subscription.
            for _ in 0..<100 where await server.services.hub.subscriptionCount > 0 { try await Task.sleep(for: .milliseconds(50)) }
            #expect(await server.services.hub.subscriptionCount == 0)
        }
    }

    @Test func lastEventIDResumesWithExactlyTheMissedEvents() async throws {
        var settings = ServerSettings()
        settings.heartbeat = .milliseconds(200)
        try await TestServer.with(settings: settings) { server in
            let firstBatch = try await Self.burst(server, count: 5, text: "first")
            let seen = try await server.readEvents { $0.last?.id == firstBatch.upperBound }
            #expect(seen.compactMap(\.id) == Array(1...firstBatch.upperBound), "a new viewer gets the whole log first")
            #expect(seen.last?.event == "note.added")
            #expect(JSONValue.parse(seen.last?.data ?? "")?["seq"] == .int(Int64(firstBatch.upperBound)))
            let missed = try await Self.burst(server, count: 7, text: "while away")
            // Resume; read until a heartbeat after the last missed event shows nothing else came.
            let resumed = try await server.readEvents(headers: [("Last-Event-ID", String(firstBatch.upperBound))]) { frames in
                guard let at = frames.lastIndex(where: { $0.id == missed.upperBound }) else { return false }
                return frames[at...].contains { $0.comment == "heartbeat" }
            }
            #expect(resumed.compactMap(\.id) == Array(missed))
            let byQuery = try await server.readEvents(query: "?from=\(missed.lowerBound + 2)") { $0.last?.id == missed.upperBound }
            #expect(byQuery.compactMap(\.id) == Array((missed.lowerBound + 2)...missed.upperBound))
        }
    }

    @Test func heartbeatsKeepIdleStreamsAlive() async throws {
        var settings = ServerSettings()
        settings.heartbeat = .milliseconds(100)
        try await TestServer.with(settings: settings) { server in
            let started = ContinuousClock.now
            let frames = try await server.readEvents { frames in frames.filter { $0.comment == "heartbeat" }.count >= 3 }
            #expect(frames.filter { $0.comment == "heartbeat" }.count >= 3)
            #expect(ContinuousClock.now - started < .seconds(10))
        }
    }

    @Test func revokingAUserEndsTheirOpenStream() async throws {
        var settings = ServerSettings()
        settings.heartbeat = .milliseconds(100)
        try await TestServer.with(settings: settings) { server in
            let user = try #require(try await server.store.user(tokenSHA256: UserToken.sha256(server.tokens.viewer)))
            let started = ContinuousClock.now
            async let frames = server.readEvents { frames in frames.contains { $0.event == "error" } }
            try await Self.waitForViewers(server, 1)
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await server.store.revokeUser(user.id))
            let received = try await frames
            let ended = try #require(received.last)
            #expect(ended.event == "error")
            #expect(ended.data?.contains("signed out") == true)
            #expect(ContinuousClock.now - started < .seconds(20))
        }
    }

    @Test func aSlowViewerIsCutOffWhileOthersKeepUp() async throws {
        var settings = ServerSettings()
        // Roomy enough that the reading viewer keeps up on a loaded machine.
        settings.viewerBuffer = 200
        try await TestServer.with(settings: settings) { server in
            let head = try await server.store.read(server.launch, from: 1).last?.seq ?? 0
            let count = 600
            // 64 KiB per event: 38 MiB in all, more than the sockets and the buffer can hold.
            let text = String(repeating: "slow ", count: 13_000)
            var request = HTTPClientRequest(url: server.base + "/api/v1/launches/\(server.launch)/events?from=\(head + 1)")
            request.headers.add(name: "Authorization", value: "Bearer \(server.tokens.viewer)")
            let slow = try await server.client.execute(request, timeout: .seconds(300))
            #expect(slow.status.code == 200)
            let fast = try await withThrowingTaskGroup(of: [Int].self) { group in
                group.addTask {
                    try await server.readEvents(query: "?from=\(head + 1)") { $0.last?.id == head + count }.compactMap(\.id)
                }
                try await Self.waitForViewers(server, 2)
                _ = try await Self.burst(server, count: count, text: text)
                return try await group.next() ?? []
            }
            #expect(fast == Array((head + 1)...(head + count)), "the fast viewer got everything (\(fast.count))")
            // The slow one was dropped from the feed; reading its stream now ends with the reason.
            // The hub drops it once its buffer overflows; on a loaded machine that may lag the burst.
            var viewers = await server.services.hub.viewerCount(server.launch)
            for _ in 0..<100 where viewers != 0 {
                try await Task.sleep(for: .milliseconds(100))
                viewers = await server.services.hub.viewerCount(server.launch)
            }
            #expect(viewers == 0)
            var tail = ""
            var received = 0
            // The stream ends properly after the reason (the chunked body's end), however far
            // behind the reader was: nothing queued for it is dropped by the close.
            var endedEarly: (any Error)?
            do {
                for try await chunk in slow.body {
                    received += chunk.readableBytes
                    tail = String((tail + String(buffer: chunk)).suffix(4000))
                }
            } catch {
                endedEarly = error
            }
            #expect(endedEarly == nil, "the body ended cleanly: \(String(describing: endedEarly))")
            #expect(tail.contains("event: error"), "the slow viewer is told why")
            #expect(tail.contains("too slow"))
            #expect(received < count * text.utf8.count, "the slow viewer did not get every event")
        }
    }

    @Test func unknownLaunchAndBadResumePoints() async throws {
        try await TestServer.with { server in
            let unknown = try await server.request(.GET, "/api/v1/launches/424242/events", token: server.tokens.admin)
            #expect(unknown.status == 404)
            let bad = try await server.request(.GET, "/api/v1/launches/\(server.launch)/events", token: server.tokens.admin,
                                               headers: [("Last-Event-ID", "yesterday")])
            #expect(bad.status == 400)
            let anonymous = try await server.request(.GET, "/api/v1/launches/\(server.launch)/events")
            #expect(anonymous.status == 401)
            let scoped = try await server.request(.GET, "/api/v1/launches/\(server.launch)/events", token: server.tokens.scopedElsewhere)
            #expect(scoped.status == 403)
        }
    }
}
