#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// posix_spawn attributes for a child that starts with a clean signal state: the calling
/// thread's signal mask and ignored signals (Swift runtimes and test runners change both)
/// must not leak into commands from the runbook or into servers started by tests.
public final class CleanSpawnAttributes {
    public var raw = posix_spawnattr_t()

    /// `newProcessGroup`: the child leads its own group, so `kill(-pid, …)` reaches every descendant.
    public init(newProcessGroup: Bool) {
        posix_spawnattr_init(&raw)
        var empty = sigset_t()
        sigemptyset(&empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGPIPE, SIGHUP] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&raw, &empty)
        posix_spawnattr_setsigdefault(&raw, &defaults)
        var flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
        if newProcessGroup {
            flags |= POSIX_SPAWN_SETPGROUP
            posix_spawnattr_setpgroup(&raw, 0)
        }
        posix_spawnattr_setflags(&raw, Int16(flags))
    }

    deinit {
        posix_spawnattr_destroy(&raw)
    }
}
