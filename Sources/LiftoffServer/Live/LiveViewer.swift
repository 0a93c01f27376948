import Foundation
import LiftoffKit
import NIOCore
import Synchronization

/// What a live viewer receives: an event of its launch with its SSE frame (encoded once by the
/// hub for every viewer), or a tick to send a heartbeat.
public enum LiveItem: Sendable {
    case event(LaunchEvent, frame: ByteBuffer)
    case heartbeat
}

/// One live viewer: a bounded queue the hub fills and the viewer's stream drains, everything
/// queued at once, so a stream that fell behind catches up in one write instead of one per
/// event. When the hub cannot add to a full queue the viewer is cut off (`overflowed`): what is
/// queued is still handed out, then the stream ends, so a slow client never holds up the others.
public final class LiveViewer: Sendable {
    struct Queue {
        var items: [LiveItem] = []
        var waiter: CheckedContinuation<[LiveItem], Never>?
        var finished = false
        var overflowed = false
    }

    public let id: Int
    public let launch: Int64
    /// Who opened the stream (their user name), for the war room's "watching now".
    public let name: String?
    let capacity: Int
    private let queue = Mutex(Queue())

    init(id: Int, launch: Int64, buffer: Int, name: String? = nil) {
        self.id = id
        self.launch = launch
        self.name = name
        self.capacity = max(1, buffer)
    }

    /// True once the viewer fell more than its buffer behind; its stream then ends.
    public var overflowed: Bool { queue.withLock { $0.overflowed } }

    /// Adds an item; false when the viewer is gone (finished or overflowed).
    @discardableResult
    func offer(_ item: LiveItem) -> Bool {
        let (accepted, waiter, handOut): (Bool, CheckedContinuation<[LiveItem], Never>?, [LiveItem]) = queue.withLock { queue in
            guard !queue.finished else { return (false, nil, []) }
            guard queue.items.count < capacity else {
                queue.overflowed = true
                queue.finished = true
                return (false, nil, [])
            }
            queue.items.append(item)
            guard let waiter = queue.waiter else { return (true, nil, []) }
            queue.waiter = nil
            let items = queue.items
            queue.items.removeAll(keepingCapacity: true)
            return (true, waiter, items)
        }
        waiter?.resume(returning: handOut)
        return accepted
    }

    /// Ends the viewer: items already queued are still handed out, then `next()` returns nil.
    func finish() {
        let waiter = queue.withLock { queue -> CheckedContinuation<[LiveItem], Never>? in
            queue.finished = true
            defer { queue.waiter = nil }
            return queue.waiter
        }
        waiter?.resume(returning: [])
    }

    /// Everything queued, waiting for at least one item; nil once finished and drained or when
    /// the task is cancelled.
    func next() async -> [LiveItem]? {
        let ready: [LiveItem]?? = queue.withLock { queue in
            if !queue.items.isEmpty {
                let items = queue.items
                queue.items.removeAll(keepingCapacity: true)
                return .some(items)
            }
            return queue.finished ? .some(nil) : nil
        }
        if let ready { return ready }
        let items = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<[LiveItem], Never>) in
                let resumeNow: [LiveItem]? = queue.withLock { queue in
                    if !queue.items.isEmpty {
                        let items = queue.items
                        queue.items.removeAll(keepingCapacity: true)
                        return items
                    }
                    if queue.finished || Task.isCancelled { return [] }
                    queue.waiter = continuation
                    return nil
                }
                if let resumeNow { continuation.resume(returning: resumeNow) }
            }
        } onCancel: {
            finish()
        }
        return items.isEmpty ? nil : items
    }
}
