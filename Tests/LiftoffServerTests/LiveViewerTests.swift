import LiftoffKit
import NIOCore
import Testing
@testable import LiftoffServer

/// The viewer's queue: the hub fills it, the stream drains everything queued at once.
@Suite struct LiveViewerTests {
    @Test func everythingQueuedIsHandedOutInOneBatchInOrder() async {
        let viewer = LiveViewer(id: 1, launch: 1, buffer: 10)
        for _ in 0..<3 { #expect(viewer.offer(.heartbeat)) }
        let batch = await viewer.next()
        #expect(batch?.count == 3)
        viewer.offer(.heartbeat)
        #expect(await viewer.next()?.count == 1)
    }

    @Test func aWaitingStreamWakesForTheNextItem() async {
        let viewer = LiveViewer(id: 1, launch: 1, buffer: 10)
        async let batch = viewer.next()
        try? await Task.sleep(for: .milliseconds(20))
        viewer.offer(.heartbeat)
        #expect(await batch?.count == 1)
    }

    @Test func overflowCutsTheViewerOffButHandsOutWhatWasQueued() async {
        let viewer = LiveViewer(id: 1, launch: 1, buffer: 2)
        #expect(viewer.offer(.heartbeat))
        #expect(viewer.offer(.heartbeat))
        #expect(!viewer.offer(.heartbeat), "a full queue refuses")
        #expect(viewer.overflowed)
        #expect(!viewer.offer(.heartbeat), "and stays closed")
        #expect(await viewer.next()?.count == 2)
        #expect(await viewer.next() == nil)
    }

    @Test func finishingEndsAWaitingStream() async {
        let viewer = LiveViewer(id: 1, launch: 1, buffer: 2)
        async let batch = viewer.next()
        try? await Task.sleep(for: .milliseconds(20))
        viewer.finish()
        #expect(await batch == nil)
        #expect(!viewer.overflowed)
    }

    @Test func cancellingTheStreamEndsItsWait() async {
        let viewer = LiveViewer(id: 1, launch: 1, buffer: 2)
        let task = Task { await viewer.next() }
        try? await Task.sleep(for: .milliseconds(20))
        task.cancel()
        #expect(await task.value == nil)
        #expect(!viewer.offer(.heartbeat), "a cancelled stream takes nothing more")
    }
}
