import Foundation
import LiftoffKit
import Logging
import PostgresNIO

/// Live events for every subscription of one store, through one LISTEN connection.
///
/// Notifications say only "launch L reached seq S"; subscribers are fed by reading the store from
/// the seq each one expects next, so an event is never skipped or delivered twice, whatever
/// notifications were lost. When the listening connection drops, it reconnects with exponential
/// backoff and, once LISTEN is back, reads every watched launch again from where its subscribers are.
final class PostgresEventNotifier: @unchecked Sendable {
    typealias Reader = @Sendable (_ launch: Int64, _ from: Int) async throws(StoreError) -> [LaunchEvent]

    private struct Subscriber {
        var launch: Int64
        var next: Int
        var continuation: AsyncThrowingStream<LaunchEvent, any Error>.Continuation
    }

    private let client: PostgresClient
    private let read: Reader
    private let lock = NSLock()
    private var subscribers: [Int: Subscriber] = [:]
    private var nextID = 0
    private var dirty: Set<Int64> = []
    private var finished = false
    /// Something to read: a new subscriber, a notification, a reconnect.
    private let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation
    /// The first subscription starts the listener; commands that never subscribe never LISTEN.
    private let firstSubscriber: AsyncStream<Void>
    private let started: AsyncStream<Void>.Continuation

    let heartbeat: Duration
    let backoff: (first: Duration, max: Duration)

    init(client: PostgresClient, heartbeat: Duration = .seconds(5), backoff: (first: Duration, max: Duration) = (.milliseconds(100), .seconds(5)),
         read: @escaping Reader) {
        self.client = client
        self.read = read
        self.heartbeat = heartbeat
        self.backoff = backoff
        (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        (firstSubscriber, started) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    func subscribe(_ launch: Int64, from seq: Int) -> AsyncThrowingStream<LaunchEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: LaunchEvent.self, bufferingPolicy: .unbounded)
        let id: Int? = locked {
            guard !finished else { return nil }
            let id = nextID
            nextID += 1
            subscribers[id] = Subscriber(launch: launch, next: max(seq, 1), continuation: continuation)
            dirty.insert(launch)
            return id
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            self?.locked { self?.subscribers[id] = nil }
        }
        started.yield()
        wake.yield()
        return stream
    }

    /// Ends every subscription (the store is closing).
    func finishAll() {
        let all = locked {
            finished = true
            defer { subscribers = [:] }
            return subscribers.values.map(\.continuation)
        }
        for continuation in all { continuation.finish() }
    }

    /// Runs until cancelled (the store's task group cancels it when the store's scope ends).
    func run() async {
        for await _ in firstSubscriber { break }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.listen() }
            group.addTask { await self.feed() }
        }
    }

    // MARK: Listening

    private func listen() async {
        var delay = backoff.first
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: PostgresSQL.channel) { notifications in
                        // LISTEN is in place: whatever committed before it is in the store, so read
                        // every watched launch once; later commits arrive as notifications.
                        delay = backoff.first
                        markAllDirty()
                        try await withThrowingTaskGroup(of: Void.self) { group in
                            group.addTask {
                                for try await notification in notifications {
                                    self.heard(notification.payload)
                                }
                                throw StoreError(.database, "the listening connection closed")
                            }
                            // A dead peer does not always close the socket; a query notices.
                            group.addTask {
                                while true {
                                    try await Task.sleep(for: self.heartbeat)
                                    // A query written to a closed channel never completes, so look first.
                                    guard !connection.isClosed else { throw StoreError(.database, "the listening connection closed") }
                                    try await connection.query("SELECT 1", logger: PostgresEventStore.logger)
                                }
                            }
                            _ = try await group.next()
                            group.cancelAll()
                        }
                    }
                }
            } catch {
                if Task.isCancelled { return }
            }
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, backoff.max)
        }
    }

    /// `<launch>:<seq>`; anything else is ignored (the payload is not trusted to be ours).
    private func heard(_ payload: String) {
        let parts = payload.split(separator: ":")
        guard parts.count == 2, let launch = Int64(parts[0]), let seq = Int(parts[1]) else { return }
        let wanted = locked {
            guard subscribers.values.contains(where: { $0.launch == launch && $0.next <= seq }) else { return false }
            dirty.insert(launch)
            return true
        }
        if wanted { wake.yield() }
    }

    private func markAllDirty() {
        locked { dirty.formUnion(subscribers.values.map(\.launch)) }
        wake.yield()
    }

    // MARK: Feeding

    private func feed() async {
        var retry = backoff.first
        for await _ in wakeups {
            let work: [(launch: Int64, from: Int)] = locked {
                defer { dirty = [] }
                return dirty.compactMap { launch in
                    subscribers.values.filter { $0.launch == launch }.map(\.next).min().map { (launch, $0) }
                }
            }
            var failed = false
            for (launch, from) in work {
                do {
                    deliver(try await read(launch, from), to: launch)
                } catch {
                    failed = true
                    locked { _ = dirty.insert(launch) }
                }
            }
            if failed {
                // The database is away; try again later (the listener reconnects meanwhile).
                try? await Task.sleep(for: retry)
                retry = min(retry * 2, backoff.max)
                wake.yield()
            } else {
                retry = backoff.first
            }
        }
    }

    private func deliver(_ events: [LaunchEvent], to launch: Int64) {
        guard !events.isEmpty else { return }
        locked {
            for (id, var subscriber) in subscribers where subscriber.launch == launch {
                for event in events where event.seq == subscriber.next {
                    subscriber.continuation.yield(event)
                    subscriber.next = event.seq + 1
                }
                subscribers[id] = subscriber
            }
        }
    }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
