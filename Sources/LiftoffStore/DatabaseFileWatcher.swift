import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Tells a store's subscriptions that the database file may have changed, so they ask SQLite
/// (`PRAGMA data_version`) whether another process committed. On Linux the folder holding the
/// file is watched with inotify: a commit by `liftoff step done` in another terminal writes the
/// WAL, and the subscriptions hear of it at once, without polling while nothing happens. A tick
/// every `fallback` still comes, for file systems that do not report changes (network mounts)
/// and other platforms, where `fallback` is short. docs/storage.md, "Live updates: SQLite".
///
/// One watcher per store, however many launches are followed: one thread, started with the first
/// listener and ended with the last (or when the store closes).
final class DatabaseFileWatcher: Sendable {
    /// What woke the listeners: a watched file changed, or the fallback tick came.
    enum Tick: Sendable {
        case changed
        case quiet
    }

    struct Listeners {
        var wakes: [UUID: AsyncStream<Tick>.Continuation] = [:]
        var thread: WatchThread?
    }

    let path: String
    let fallback: Duration
    private let state = Mutex(Listeners())
    private let changeCount = Atomic<UInt64>(0)

    /// How many changes have been reported so far: a listener still looking at an earlier change
    /// sees from it that a newer one came.
    var changes: UInt64 { changeCount.load(ordering: .relaxed) }

    init(path: String, fallback: Duration? = nil) {
        self.path = path
        self.fallback = fallback ?? (WatchThread.canWatchFiles ? .seconds(1) : .milliseconds(10))
    }

    /// Whether changes are reported as they happen (inotify) rather than found by the fallback tick.
    static var reportsChanges: Bool { WatchThread.canWatchFiles }

    /// Ticks after each possible change and every `fallback`; call the returned function to stop.
    func listen(_ wake: AsyncStream<Tick>.Continuation) -> @Sendable () -> Void {
        let id = UUID()
        let start: WatchThread? = state.withLock { listeners in
            listeners.wakes[id] = wake
            guard listeners.thread == nil else { return nil }
            let thread = WatchThread(path: path, fallback: fallback) { [weak self] in self?.tick($0) }
            listeners.thread = thread
            return thread
        }
        start?.start()
        return { [weak self] in self?.remove(id) }
    }

    /// Ends the thread (the store closes); listeners get no more ticks.
    func stop() {
        let thread = state.withLock { listeners in
            defer { listeners.thread = nil }
            return listeners.thread
        }
        thread?.stop()
    }

    private func remove(_ id: UUID) {
        let stop: WatchThread? = state.withLock { listeners in
            listeners.wakes[id] = nil
            guard listeners.wakes.isEmpty else { return nil }
            defer { listeners.thread = nil }
            return listeners.thread
        }
        stop?.stop()
    }

    private func tick(_ tick: Tick) {
        if case .changed = tick { changeCount.wrappingAdd(1, ordering: .relaxed) }
        let wakes = state.withLock { Array($0.wakes.values) }
        for wake in wakes { wake.yield(tick) }
    }
}

/// The thread behind `DatabaseFileWatcher`: waits in `poll(2)` on an inotify descriptor for the
/// database's folder and on a pipe that `stop()` writes to.
final class WatchThread: Sendable {
    let path: String
    let fallback: Duration
    let onTick: @Sendable (DatabaseFileWatcher.Tick) -> Void
    /// Set by `stop()`; the write end of the pipe that wakes the thread to see it (-1: no pipe,
    /// the thread sees it at its next timeout).
    private let stopping = Mutex<(stopped: Bool, pipe: Int32)>((false, -1))

    init(path: String, fallback: Duration, onTick: @escaping @Sendable (DatabaseFileWatcher.Tick) -> Void) {
        self.path = path
        self.fallback = fallback
        self.onTick = onTick
    }

    #if canImport(Glibc)
    static let canWatchFiles = true
    #else
    static let canWatchFiles = false
    #endif

    func start() {
        var fds: [Int32] = [-1, -1]
        let piped = pipe(&fds) == 0
        if piped {
            _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
            _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
            stopping.withLock { $0.pipe = fds[1] }
        }
        let readEnd = piped ? fds[0] : -1
        let thread = Thread { [self] in
            run(stopReadEnd: readEnd)
            if readEnd >= 0 { close(readEnd) }
        }
        thread.name = "liftoff-db-watch"
        thread.start()
    }

    func stop() {
        let fd = stopping.withLock { state -> Int32 in
            state.stopped = true
            defer { state.pipe = -1 }
            return state.pipe
        }
        guard fd >= 0 else { return }
        var byte: UInt8 = 1
        _ = write(fd, &byte, 1)
        close(fd)
    }

    private var stopped: Bool { stopping.withLock { $0.stopped } }

    private var timeoutMilliseconds: Int32 {
        let (seconds, attoseconds) = fallback.components
        return Int32(clamping: max(1, seconds * 1000 + attoseconds / 1_000_000_000_000_000))
    }

    private func run(stopReadEnd: Int32) {
        let names = Self.watchedNames(of: path)
        let inotify = Self.watchFolder(of: path)
        defer { if inotify >= 0 { close(inotify) } }
        // A descriptor of -1 is left out by poll(2), so the slots stay fixed: 0 stop, 1 inotify.
        var polled = [pollfd(fd: stopReadEnd, events: Int16(POLLIN), revents: 0), pollfd(fd: inotify, events: Int16(POLLIN), revents: 0)]
        // Without change reports, the fallback tick is all there is: keep it short.
        let timeout = inotify >= 0 ? timeoutMilliseconds : min(timeoutMilliseconds, 10)
        var buffer = [UInt8](repeating: 0, count: 8192)
        while !stopped {
            for i in polled.indices { polled[i].revents = 0 }
            let ready = poll(&polled, nfds_t(polled.count), timeout)
            if ready < 0 {
                if errno == EINTR { continue }
                return
            }
            if polled[0].revents != 0 || stopped { return }
            if ready == 0 {
                // Without change reports every tick may hide a commit.
                onTick(inotify >= 0 ? .quiet : .changed)
            } else if polled[1].revents != 0, Self.drain(inotify, into: &buffer, matching: names) {
                onTick(.changed)
            }
        }
    }

    /// The file names whose change may be another process's commit: the database and its WAL.
    static func watchedNames(of path: String) -> Set<String> {
        let name = (path as NSString).lastPathComponent
        return [name, name + "-wal", name + "-journal"]
    }

    #if canImport(Glibc)
    /// An inotify descriptor watching the folder (the WAL file comes and goes with checkpoints,
    /// so its folder is watched, not the file); -1 when inotify is unavailable.
    static func watchFolder(of path: String) -> Int32 {
        let folder = (path as NSString).deletingLastPathComponent
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { return -1 }
        let mask = UInt32(IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE)
        guard inotify_add_watch(fd, folder.isEmpty ? "." : folder, mask) >= 0 else {
            close(fd)
            return -1
        }
        return fd
    }

    /// Reads every pending inotify event; true when one names a watched file.
    static func drain(_ fd: Int32, into buffer: inout [UInt8], matching names: Set<String>) -> Bool {
        var matched = false
        let header = MemoryLayout<inotify_event>.size
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            var offset = 0
            while offset + header <= count {
                let nameLength = Int(buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self) })
                let nameStart = offset + header
                let nameEnd = min(count, nameStart + nameLength)
                if !matched, nameEnd > nameStart {
                    let bytes = buffer[nameStart..<nameEnd].prefix { $0 != 0 }
                    if names.contains(String(decoding: bytes, as: UTF8.self)) { matched = true }
                }
                offset = nameStart + nameLength
            }
        }
        return matched
    }
    #else
    static func watchFolder(of path: String) -> Int32 { -1 }
    static func drain(_ fd: Int32, into buffer: inout [UInt8], matching names: Set<String>) -> Bool { true }
    #endif
}
