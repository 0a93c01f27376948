import Foundation
import LiftoffKit
import LiftoffServer
import LiftoffStore
import Testing

/// The war room follows events: after each event its stream carries the parts of the page that
/// changed, rendered once for every page of the same kind (docs/war-room.md, "Live updates").
@Suite(.serialized) struct LivePanelsTests {
    @Test func everyOpenPageGetsTheChangedPartsFromOneRender() async throws {
        try await TestServer.with { server in
            let head = try await server.store.read(server.launch, from: 1).last?.seq ?? 0
            let rendersBefore = await server.services.panels.renders
            let pages = 6
            let frames = try await withThrowingTaskGroup(of: [SSEFrame].self) { group in
                for _ in 0..<pages {
                    group.addTask {
                        try await server.readEvents(query: "?panels=1&from=\(head + 1)") { frames in
                            frames.filter { $0.event == "panels" }.count >= 2
                        }
                    }
                }
                try await LiveEventTests.waitForViewers(server, pages)
                // Another process's append (its own handle on the file), then one of ours.
                let other = try await SQLiteEventStore.open(path: server.directory.appendingPathComponent("l.db").path, create: false)
                _ = try await other.append([EventDraft(actor: "ada", NoteAdded(text: "cutover <started>"))], to: server.launch, expectedSeq: head)
                await other.close()
                try await Task.sleep(for: .milliseconds(300))
                _ = try await server.store.append([EventDraft(actor: "ada", NoteAdded(text: "all green"))], to: server.launch, expectedSeq: head + 1)
                var all: [[SSEFrame]] = []
                for try await f in group { all.append(f) }
                return all
            }
            #expect(frames.count == pages)
            for page in frames {
                let panels = page.filter { $0.event == "panels" }.compactMap(\.data)
                #expect(panels.count >= 2)
                #expect(panels.first?.contains("cutover &lt;started&gt;") == true, "the note, escaped, is in the feed part")
                #expect(panels.first?.contains("id=\"ev-\(head + 1)\"") == true)
                let second = panels.dropFirst().first ?? ""
                #expect(second.contains("all green"))
                #expect(!second.contains("id=\"timeline\""), "a note changes the feed, not the timeline: only changed parts are sent")
                #expect(!second.contains("name=\"_csrf\""), "shared parts carry no one's CSRF token")
            }
            let renders = await server.services.panels.renders - rendersBefore
            #expect(renders <= 2, "one render per event for all \(pages) pages, not one per page (got \(renders))")
        }
    }

    @Test func theWarRoomNamesTheSeqItWasRenderedAt() async throws {
        try await WebRoutesTests.withServer { base, cookie, services in
            let page = try await WebRoutesTests.get("\(base)/launches/1", cookie: cookie)
            let seq = try await services.store.read(1, from: 1).last?.seq ?? 0
            #expect(page.body.contains("<meta name=\"liftoff-seq\" content=\"\(seq)\">"))
        }
    }
}
