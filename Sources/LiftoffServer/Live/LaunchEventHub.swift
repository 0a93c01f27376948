import Foundation
import LiftoffApplication
import LiftoffKit
import LiftoffStore
import Logging
import NIOCore
import ServiceLifecycle

/// Live events of launches, fanned out: one store subscription per launch with viewers, shared by
/// all of them, started with the first viewer and cancelled when the last one leaves.
///
/// Runs as a service: its `run()` owns the subscription tasks (structured, in one task group).
public actor LaunchEventHub: Service {
    struct Feed {
        var viewers: [Int: LiveViewer] = [:]
        /// Finishing this stops the launch's subscription task.
        let stop: AsyncStream<Void>.Continuation
    }

    let store: any EventStore
    /// Advanced by every event the hub receives, so reads between events need no catch-up.
    let projections: LaunchProjections?
    let bufferSize: Int
    let metrics: ServerMetrics
    let logger: Logger
    var feeds: [Int64: Feed] = [:]
    var nextViewer = 0
    let starts: AsyncStream<(launch: Int64, from: Int, stop: AsyncStream<Void>)>
    let startContinuation: AsyncStream<(launch: Int64, from: Int, stop: AsyncStream<Void>)>.Continuation

    init(store: any EventStore, projections: LaunchProjections? = nil, bufferSize: Int, metrics: ServerMetrics, logger: Logger) {
        self.store = store
        self.projections = projections
        self.bufferSize = max(1, bufferSize)
        self.metrics = metrics
        self.logger = logger
        (starts, startContinuation) = AsyncStream.makeStream()
    }

    public func run() async throws {
        await withDiscardingTaskGroup { group in
            for await start in starts.cancelOnGracefulShutdown() {
                group.addTask { await self.pump(start.launch, from: start.from, stop: start.stop) }
            }
            // Shutting down: end every viewer's stream and every subscription.
            stopAll()
        }
        // The next start loads each launch from where this process left it.
        await projections?.saveSnapshots()
    }

    /// Registers a viewer of `launch`; it receives every event appended after this call returns.
    public func join(_ launch: Int64, name: String? = nil) async throws(StoreError) -> LiveViewer {
        if feeds[launch] == nil {
            let head = try await store.launches().first { $0.id == launch }?.lastSeq
            guard let head else { throw StoreError(.launchNotFound, "no launch \(launch)") }
            if feeds[launch] == nil {
                let stop = AsyncStream<Void>.makeStream()
                feeds[launch] = Feed(stop: stop.continuation)
                startContinuation.yield((launch, head + 1, stop.stream))
            }
        }
        nextViewer += 1
        let viewer = LiveViewer(id: nextViewer, launch: launch, buffer: bufferSize, name: name)
        feeds[launch]?.viewers[viewer.id] = viewer
        metrics.viewerJoined()
        return viewer
    }

    public func leave(_ viewer: LiveViewer) {
        viewer.finish()
        guard feeds[viewer.launch]?.viewers.removeValue(forKey: viewer.id) != nil else { return }
        metrics.viewerLeft()
        if feeds[viewer.launch]?.viewers.isEmpty == true {
            feeds.removeValue(forKey: viewer.launch)?.stop.finish()
        }
    }

    public func viewerCount(_ launch: Int64) -> Int { feeds[launch]?.viewers.count ?? 0 }

    /// The names of the people with a live stream of `launch` open, each once, sorted.
    public func watching(_ launch: Int64) -> [String] {
        Array(Set(feeds[launch]?.viewers.values.compactMap(\.name) ?? [])).sorted()
    }
    public var subscriptionCount: Int { feeds.count }

    func deliver(_ event: LaunchEvent, frame: ByteBuffer) {
        guard var feed = feeds[event.launch] else { return }
        var cut: [Int] = []
        for (id, viewer) in feed.viewers where !viewer.offer(.event(event, frame: frame)) {
            cut.append(id)
        }
        guard !cut.isEmpty else { return }
        for id in cut {
            if feed.viewers.removeValue(forKey: id)?.overflowed == true { metrics.viewerDropped() }
            metrics.viewerLeft()
        }
        if feed.viewers.isEmpty {
            feeds.removeValue(forKey: event.launch)
            feed.stop.finish()
        } else {
            feeds[event.launch] = feed
        }
    }

    /// The store ended the subscription (error): viewers are told by their streams ending.
    func closeFeed(_ launch: Int64) {
        guard let feed = feeds.removeValue(forKey: launch) else { return }
        feed.stop.finish()
        for viewer in feed.viewers.values {
            viewer.finish()
            metrics.viewerLeft()
        }
    }

    func stopAll() {
        for launch in Array(feeds.keys) { closeFeed(launch) }
    }

    /// One launch's subscription: runs until `stop` finishes or the store fails.
    nonisolated func pump(_ launch: Int64, from seq: Int, stop: AsyncStream<Void>) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    for try await event in self.store.subscribe(launch, from: seq) {
                        await self.projections?.apply(event)
                        // Encoded here, once, for every viewer of the launch.
                        await self.deliver(event, frame: LiveRoutes.frame(event))
                    }
                } catch {
                    self.logger.warning("live subscription failed", metadata: ["launch": "\(launch)", "error": "\(error)"])
                }
                await self.closeFeed(launch)
            }
            group.addTask {
                for await _ in stop {}
            }
            await group.next()
            group.cancelAll()
        }
    }
}
