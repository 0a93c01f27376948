import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process with its CPU time: wait4's rusage for short runs (it includes the children
/// the process waited for, such as curl under bash), /proc/PID/stat for a long-running server.
struct Spawned {
    let pid: pid_t

    static func start(_ executable: String, _ arguments: [String], stdout: String) throws -> Spawned {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard status == 0 else { throw NSError(domain: "spawn", code: Int(status), userInfo: [NSLocalizedDescriptionKey: "cannot start \(executable)"]) }
        return Spawned(pid: pid)
    }

    /// Runs to completion: wall seconds and user + system CPU seconds.
    static func run(_ executable: String, _ arguments: [String], stdout: String) throws -> (wall: Double, cpu: Double, status: Int32) {
        let began = ContinuousClock.now
        let child = try start(executable, arguments, stdout: stdout)
        var status: Int32 = 0
        var usage = rusage()
        wait4(child.pid, &status, 0, &usage)
        let wall = seconds(ContinuousClock.now - began)
        let cpu = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return (wall, cpu, status)
    }

    /// utime + stime of a running process, from /proc/PID/stat.
    func cpuSeconds() -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the command: state is field 3, utime 14, stime 15 (1-based over the whole line).
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    func stop() {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }
}
