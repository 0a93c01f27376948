import LiftoffStore
import LiftoffWatcher
import ServiceLifecycle

/// Runs the watcher only while this process leads (one watcher per database, DESIGN §8):
/// stands by otherwise, takes over when the leader dies.
public struct LeaderService: Service {
    public let leadership: any WatcherLeadership
    public let watcher: LaunchWatcher

    public init(leadership: any WatcherLeadership, watcher: LaunchWatcher) {
        self.leadership = leadership
        self.watcher = watcher
    }

    public func run() async throws {
        let watcher = watcher
        // A graceful shutdown cancels the wait for leadership as well as the watcher's pass.
        try await cancelWhenGracefulShutdown {
            try await leadership.run(whileLeader: { try await watcher.run() })
        }
    }
}
