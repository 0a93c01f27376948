import Foundation

/// Compressed time: the demo's launch clock runs `speed` times faster than the wall clock,
/// from the moment the demo starts. The store, the watcher, the war room and the cast all read
/// it, so the launch's own record is consistent (a 5-minute pause lasts 5 launch minutes).
public struct DemoClock: Sendable {
    public let speed: Double
    public let origin: Date

    public init(speed: Double, origin: Date = Date()) {
        self.speed = speed
        self.origin = origin
    }

    public func now() -> Date {
        origin.addingTimeInterval(Date().timeIntervalSince(origin) * speed)
    }

    /// The wall-clock instant of a launch instant (Prometheus and the sandbox keep wall-clock time).
    public func wall(_ launch: Date) -> Date {
        origin.addingTimeInterval(launch.timeIntervalSince(origin) / speed)
    }

    /// The launch instant of a wall-clock instant.
    public func launch(_ wall: Date) -> Date {
        origin.addingTimeInterval(wall.timeIntervalSince(origin) * speed)
    }

    /// Wall-clock time for a span of launch time.
    public func real(_ launchSeconds: Double) -> Duration {
        .milliseconds(Int64(max(launchSeconds / speed, 0) * 1000))
    }
}
