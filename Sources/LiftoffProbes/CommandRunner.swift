import Foundation
import LiftoffKit
import NIOConcurrencyHelpers

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs `/bin/sh -c COMMAND` with exactly the environment it is given (never Liftoff's own,
/// docs/launches.md "The environment of commands") in its own process group, reads stdout and stderr (each capped at
/// 64 KiB; the rest is drained and dropped so the child never blocks on a full pipe), and kills
/// the whole group on timeout or cancellation, so no grandchild outlives the check.
enum CommandRunner {
    static let outputLimit = 64 * 1024

    struct Outcome: Sendable {
        var exitCode: Int32
        var stdout: [UInt8]
        var stderr: [UInt8]
        var truncated: Bool
        var timedOut: Bool
    }

    /// `keep`: bytes of each stream to keep (more than `outputLimit` when the caller masks
    /// secrets before it cuts to the limit).
    static func run(_ command: String, environment: [String: String], cwd: String?, timeout: Double, keep: Int = outputLimit) async throws -> Outcome {
        let cancelled = NIOLockedValueBox(false)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Outcome, any Error>) in
                // A thread of its own: the loop blocks in poll(2) and must not hold a cooperative thread.
                let thread = Thread {
                    continuation.resume(with: Result { try blockingRun(command, environment: environment, cwd: cwd, timeout: timeout, keep: keep, cancelled: cancelled) })
                }
                thread.start()
            }
        } onCancel: {
            cancelled.withLockedValue { $0 = true }
        }
    }

    private static func blockingRun(_ command: String, environment: [String: String], cwd: String?, timeout: Double, keep: Int, cancelled: NIOLockedValueBox<Bool>) throws -> Outcome {
        if let cwd {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: cwd, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ProbeError("working directory '\(cwd)' does not exist")
            }
        }
        var out: [Int32] = [0, 0]
        var err: [Int32] = [0, 0]
        guard pipe(&out) == 0, pipe(&err) == 0 else { throw ProbeError("cannot create pipes: \(String(cString: strerror(errno)))") }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, out[1], 1)
        posix_spawn_file_actions_adddup2(&actions, err[1], 2)
        for fd in [out[0], out[1], err[0], err[1]] { posix_spawn_file_actions_addclose(&actions, fd) }

        // Its own process group (killed as a whole on timeout) and a clean signal state.
        let attributes = CleanSpawnAttributes(newProcessGroup: true)

        var pid: pid_t = 0
        // posix_spawn_file_actions_addchdir_np is not exported by Glibc here; the shell changes directory.
        let script = cwd.map { "cd -- \(ShellQuoting.quote($0)) || exit 126\n" + command } ?? command
        let argv = ["/bin/sh", "-c", script]
        let cArgs = argv.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        let cEnvironment = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { cEnvironment.forEach { free($0) } }
        let status = posix_spawn(&pid, "/bin/sh", &actions, &attributes.raw, cArgs, cEnvironment)
        close(out[1])
        close(err[1])
        guard status == 0 else {
            close(out[0])
            close(err[0])
            throw ProbeError("cannot start /bin/sh: \(String(cString: strerror(status)))")
        }

        var stdout: [UInt8] = []
        var stderr: [UInt8] = []
        var truncated = false
        var open = [out[0], err[0]]
        let deadline = Date().addingTimeInterval(timeout)
        var timedOut = false
        var exitStatus: Int32?
        var exitedAt: Date?
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)

        while true {
            if cancelled.withLockedValue({ $0 }) || Date() >= deadline {
                timedOut = true
                break
            }
            if exitStatus == nil {
                var raw: Int32 = 0
                if waitpid(pid, &raw, WNOHANG) == pid {
                    exitStatus = raw
                    exitedAt = Date()
                }
            }
            // After the shell exits, give background children a moment to finish writing.
            if open.isEmpty || (exitedAt.map { Date().timeIntervalSince($0) > 0.2 } ?? false) { break }
            var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&fds, nfds_t(fds.count), 50)
            guard ready > 0 else { continue }
            for descriptor in fds where descriptor.revents != 0 {
                let n = read(descriptor.fd, &buffer, buffer.count)
                if n <= 0 {
                    close(descriptor.fd)
                    open.removeAll { $0 == descriptor.fd }
                    continue
                }
                let chunk = buffer[0..<n]
                if descriptor.fd == out[0] { append(chunk, to: &stdout, keep: keep, truncated: &truncated) } else { append(chunk, to: &stderr, keep: keep, truncated: &truncated) }
            }
        }
        // Whatever is left of the group goes: on timeout the command itself, else stragglers.
        kill(-pid, SIGTERM)
        if timedOut, exitStatus == nil {
            let grace = Date().addingTimeInterval(0.5)
            var raw: Int32 = 0
            while Date() < grace, waitpid(pid, &raw, WNOHANG) == 0 { usleep(20_000) }
        }
        kill(-pid, SIGKILL)
        if exitStatus == nil {
            var raw: Int32 = 0
            if waitpid(pid, &raw, 0) == pid, !timedOut { exitStatus = raw }
        }
        for fd in open { close(fd) }
        let code: Int32 = exitStatus.map { raw in
            // WIFEXITED / WEXITSTATUS, spelled out because the C macros do not import.
            raw & 0x7F == 0 ? (raw >> 8) & 0xFF : 128 + (raw & 0x7F)
        } ?? -1
        return Outcome(exitCode: code, stdout: stdout, stderr: stderr, truncated: truncated, timedOut: timedOut)
    }

    private static func append(_ chunk: ArraySlice<UInt8>, to output: inout [UInt8], keep: Int, truncated: inout Bool) {
        let room = keep - output.count
        if chunk.count > room { truncated = true }
        if room > 0 { output += chunk.prefix(room) }
    }
}
