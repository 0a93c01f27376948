import Foundation

/// Wakes this process's subscribers of a launch as soon as an append to it commits, so live
/// updates do not wait for the next poll. Appends by other processes are still found by polling.
final class AppendSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var waiters: [Int64: [UUID: AsyncStream<Void>.Continuation]] = [:]

    /// Registers a wake-up for `launch`; call the returned function to unregister.
    func register(_ launch: Int64, _ wake: AsyncStream<Void>.Continuation) -> @Sendable () -> Void {
        let id = UUID()
        lock.withLock { waiters[launch, default: [:]][id] = wake }
        return { [weak self] in
            self?.lock.withLock { _ = self?.waiters[launch]?.removeValue(forKey: id) }
        }
    }

    func appended(to launch: Int64) {
        let wakes = lock.withLock { waiters[launch].map { Array($0.values) } ?? [] }
        for wake in wakes { wake.yield() }
    }
}
