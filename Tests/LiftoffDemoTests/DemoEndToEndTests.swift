import Foundation
import LiftoffKit
import LiftoffStore
import LiftoffTestSupport
import Testing

/// `liftoff demo --exit` as a newcomer runs it: the built binary, a fresh database, the
/// sandbox on ephemeral ports. The launch's own record must tell the rehearsed story.
// One demo at a time: each is a whole launch with its own server, sandbox and watcher.
@Suite(.serialized) struct DemoEndToEndTests {
    @Test(.timeLimit(.minutes(5))) func theDemoRollsBackOnTheErrorSpikeAndVerifies() async throws {
        guard let binary = ProcessRunner.liftoff else {
            if Tools.inCI { Issue.record("the built liftoff binary is missing in CI") }
            print("skipped: the built liftoff binary is missing (swift build first)")
            return
        }
        let directory = try Repository.temporaryDirectory("liftoff-demo")
        let db = directory.appendingPathComponent("demo.db").path
        let log = directory.appendingPathComponent("demo.log")
        let status = try await DemoProcess.run(binary, ["demo", "--port", "0", "--db", db, "--speed", "30", "--exit", "--timeout", "240"],
                                               cwd: Repository.root, log: log, seconds: 270)
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(status == 0, "\(output)")

        let events = try await DemoStory.events(of: db)
        let story = DemoStory(events)
        #expect(EventChain.verify(events) == nil, "the chain verifies")
        #expect(story.checks.contains { $0.result == .pass }, "checks passed")
        #expect(story.checks.allSatisfy { $0.result == .pass }, "\(story.checks.filter { $0.result != .pass })")
        #expect(story.index(of: "gate.decided", where: { (try? $0.decode(GateDecided.self))?.decision == .go }) != nil, "gate GO")
        let stages = story.shiftStages
        // 10%, then 50%; the rollback ends the stage under way (50%, unless a very loaded
        // machine let the 50% pause pass first).
        #expect(stages.prefix(3).map { "\($0.weight) \($0.state.rawValue)" } == ["10 started", "10 passed", "50 started"], "shift 10 then 50: \(stages)")
        #expect(stages.last?.state == .aborted, "ended by the rollback: \(stages)")
        let changes = story.triggerChanges(of: "rollback-on-errors").map(\.state)
        #expect(changes.prefix(2) == [.pending, .firing], "the trigger went pending, then firing: \(changes)")
        let requested = try #require(story.events.first { $0.type == "rollback.requested" })
        #expect((try? requested.decode(RollbackRequested.self))?.trigger == "rollback-on-errors")
        let actions = story.rollbackActions
        #expect(actions.count == 3 && actions.allSatisfy(\.succeeded), "rollback actions ok: \(actions)")
        let ended = try #require(story.events.last { $0.type == "launch.ended" })
        #expect((try? ended.decode(LaunchEnded.self))?.outcome == .rolledBack)
        // The order of the story, by sequence number.
        let order = story.milestones(trigger: "rollback-on-errors")
        #expect(order == order.sorted() && order.count == 6, "in order: \(order)")

        #expect(output.contains("War room:   http://127.0.0.1:"), "the war-room address is printed")
        let warRoom = output.range(of: "War room:").map { output.distance(from: output.startIndex, to: $0.lowerBound) } ?? .max
        let firstEvent = output.range(of: "⇄ traffic shift").map { output.distance(from: output.startIndex, to: $0.lowerBound) } ?? -1
        #expect(warRoom < firstEvent, "the address comes before the launch runs")
        #expect(output.contains("pending") && output.contains("firing"), "the terminal shows the trigger's state")
        #expect(output.contains("verify: hash chain intact"))
        for line in output.split(separator: "\n") where line.hasPrefix("report:") {
            let path = line.dropFirst("report:".count).trimmingCharacters(in: .whitespaces)
            #expect(FileManager.default.fileExists(atPath: path), "\(path)")
        }
        #expect(output.contains("report:"), "a report is written")
    }

    /// `--prometheus`: a real Prometheus scrapes the sandbox and answers the same queries.
    @Test(.timeLimit(.minutes(5))) func withARealPrometheusTheSameStoryHappens() async throws {
        guard let binary = ProcessRunner.liftoff else { return }
        guard Tools.available("prometheus") else {
            if Tools.inCI { Issue.record("prometheus is missing in CI") }
            print("skipped: prometheus is not installed (apt install prometheus)")
            return
        }
        let directory = try Repository.temporaryDirectory("liftoff-demo-prometheus")
        let db = directory.appendingPathComponent("demo.db").path
        let log = directory.appendingPathComponent("demo.log")
        let status = try await DemoProcess.run(binary, ["demo", "--port", "0", "--db", db, "--speed", "30", "--exit", "--prometheus", "--timeout", "240"],
                                               cwd: Repository.root, log: log, seconds: 270)
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(status == 0, "\(output)")
        #expect(output.contains("(a real Prometheus scraping the sandbox)"))
        let events = try await DemoStory.events(of: db)
        let story = DemoStory(events)
        let created = try #require(events.first.flatMap { try? $0.decode(LaunchCreated.self) })
        #expect(created.launchVariables.prometheus?.contains("/prometheus") == false, "the launch queried the real Prometheus: \(created.launchVariables.prometheus ?? "-")")
        #expect(story.triggerChanges(of: "rollback-on-errors").map(\.state).prefix(2) == [.pending, .firing])
        #expect(story.events.last { $0.type == "launch.ended" }.flatMap { try? $0.decode(LaunchEnded.self) }?.outcome == .rolledBack)
        #expect(EventChain.verify(events) == nil)
    }

    @Test func aDatabaseThatExistsIsRefused() async throws {
        guard let binary = ProcessRunner.liftoff else { return }
        let directory = try Repository.temporaryDirectory("liftoff-demo")
        let db = directory.appendingPathComponent("old.db")
        try Data("x".utf8).write(to: db)
        let r = try ProcessRunner.run(binary, ["demo", "--db", db.path, "--exit"], cwd: Repository.root)
        #expect(r.status == 2)
        #expect(r.stderr.contains("already exists"))
    }
}

/// The events of the demo's launch, read for the story they tell.
struct DemoStory {
    let events: [LaunchEvent]

    init(_ events: [LaunchEvent]) { self.events = events }

    /// The first launch's events in a demo's database, the store closed whatever happens
    /// (sqlite-nio asserts on a connection that is never closed).
    static func events(of path: String) async throws -> [LaunchEvent] {
        let store = try await SQLiteEventStore.open(path: path, create: false)
        do {
            let events = try await store.read(1, from: 1)
            await store.close()
            return events
        } catch {
            await store.close()
            throw error
        }
    }

    func index(of type: String, where matches: (LaunchEvent) -> Bool = { _ in true }) -> Int? {
        events.first { $0.type == type && matches($0) }?.seq
    }

    var checks: [CheckRan] { events.filter { $0.type == "check.ran" }.compactMap { try? $0.decode(CheckRan.self) } }
    var shiftStages: [ShiftStage] { events.filter { $0.type == "shift.stage" }.compactMap { try? $0.decode(ShiftStage.self) } }
    var rollbackActions: [ActionRan] {
        events.filter { $0.type == "action.ran" }.compactMap { try? $0.decode(ActionRan.self) }.filter { $0.purpose == .rollback }
    }

    /// Where the story's milestones are, by sequence number (missing ones left out): gate
    /// decided, first shift stage, first change of `trigger`, rollback requested, first
    /// rollback action, launch ended.
    func milestones(trigger: String) -> [Int] {
        [
            index(of: "gate.decided"),
            index(of: "shift.stage"),
            index(of: "trigger.changed") { (try? $0.decode(TriggerChanged.self))?.trigger == trigger },
            index(of: "rollback.requested"),
            index(of: "action.ran") { (try? $0.decode(ActionRan.self))?.purpose == .rollback },
            index(of: "launch.ended"),
        ].compactMap { $0 }
    }

    func triggerChanges(of trigger: String) -> [TriggerChanged] {
        events.filter { $0.type == "trigger.changed" }.compactMap { try? $0.decode(TriggerChanged.self) }.filter { $0.trigger == trigger }
    }
}

/// A child process whose output goes to a file, waited for by polling (no blocked thread).
enum DemoProcess {
    static func run(_ binary: URL, _ arguments: [String], cwd: URL, log: URL, seconds: Double) async throws -> Int32 {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = cwd
        var environment = ProcessInfo.processInfo.environment
        environment["LIFTOFF_DB"] = nil
        environment["NO_COLOR"] = "1"
        process.environment = environment
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: log)
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            Issue.record("the demo did not exit within \(seconds) s")
        }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
