import Foundation
import LiftoffKit
import LiftoffProbes
import LiftoffSandbox
import LiftoffApplication
import LiftoffStore
import ServiceLifecycle

/// Runs the story of the demo once the sandbox and the war room listen: creates the launch
/// against the sandbox, adds the cast, lets them act on the runbook while the watcher does its
/// part, breaks green once traffic reaches its second stage, and, when the launch has ended,
/// verifies the chain and writes the report. The watcher (a separate service) does everything
/// a real launch would: checks, triggers, the shift, the rollback.
public struct DemoDirector: Service {
    public struct Settings: Sendable {
        public var runbookFile: String
        public var runbookSource: String
        public var variables: LaunchVariables
        public var name = "acme-blue-green-demo"
        /// Launch time between the start of the demo and T-0.
        public var lead: TimeInterval = 10 * 60
        /// How often the cast acts, in launch time.
        public var pace: TimeInterval = 20
        /// Green's error ratio once the fault is injected.
        public var faultErrorRatio = 0.10
        /// Launch time after the shift's second stage starts (or T-0 without a shift) before green fails.
        public var faultDelay: TimeInterval = 30
        /// Starts a real Prometheus scraping the sandbox and returns its base URL; nil: the
        /// sandbox answers the queries itself.
        public var startPrometheus: (@Sendable (SandboxAddresses) async throws -> String)?
        public var exitWhenDone = false
        public var timeZone = TimeZone.current.identifier

        public init(runbookFile: String, runbookSource: String, variables: LaunchVariables) {
            self.runbookFile = runbookFile
            self.runbookSource = runbookSource
            self.variables = variables
        }
    }

    /// What the demo tells the person watching it, and where it writes its files.
    public struct Output: Sendable {
        public var line: @Sendable (String) -> Void
        /// Called with the finished launch, the launch clock's time and where the trigger charts
        /// get their signal (the sandbox's Prometheus, in launch time) to write the report;
        /// returns the files written.
        public var finished: @Sendable (_ launch: Int64, _ events: [LaunchEvent], _ now: Date, _ signals: any SignalHistory) async -> [String]

        public init(line: @escaping @Sendable (String) -> Void,
                    finished: @escaping @Sendable (Int64, [LaunchEvent], Date, any SignalHistory) async -> [String] = { _, _, _, _ in [] }) {
            self.line = line
            self.finished = finished
        }
    }

    let settings: Settings
    let store: any EventStore
    let clock: DemoClock
    let sandbox: Sandbox
    let sandboxReady: AsyncStream<SandboxAddresses>
    let serverReady: AsyncStream<String>
    let output: Output
    /// The outcome, for the caller's exit code: set when the story is over.
    public let result: DemoResult

    public init(settings: Settings, store: any EventStore, clock: DemoClock, sandbox: Sandbox, sandboxReady: AsyncStream<SandboxAddresses>,
                serverReady: AsyncStream<String>, output: Output, result: DemoResult) {
        self.settings = settings
        self.store = store
        self.clock = clock
        self.sandbox = sandbox
        self.sandboxReady = sandboxReady
        self.serverReady = serverReady
        self.output = output
        self.result = result
    }

    public func run() async throws {
        var sandboxes = sandboxReady.makeAsyncIterator()
        var servers = serverReady.makeAsyncIterator()
        guard let urls = await sandboxes.next(), let server = await servers.next() else { return }
        let service = LaunchService(store: store, clock: clock.now)
        let prometheus = try await settings.startPrometheus?(urls)
        let (launch, tokens) = try await create(service, urls: urls, prometheus: prometheus)
        let say = output.line
        say("")
        say("War room:   \(server)/launches/\(launch)")
        say("            sign in with the token \(tokens.admin) (an admin of this demo)")
        say("Status:     \(server)/status/\(launch)")
        say("Sandbox:    blue \(urls.blue) · green \(urls.green) · metrics \(prometheus ?? urls.prometheus)\(prometheus == nil ? " (answered by the sandbox, not Prometheus)" : " (a real Prometheus scraping the sandbox)")")
        say("Time runs \(Self.number(clock.speed))× faster than your clock: one launch minute is \(Self.number(60 / clock.speed)) s.")
        say("")
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await DemoProgress(store: self.store, launch: launch, line: say).run() }
            group.addTask { try await self.act(service, launch: launch) }
            try await group.next()
            group.cancelAll()
        }
        let events = try await store.read(launch, from: 1)
        let broken = EventChain.verify(events)
        let state = try LaunchState.fold(events)
        say("")
        if let broken {
            say("verify: the hash chain is broken at \(broken)")
        } else {
            say("verify: hash chain intact — \(events.count) events, last hash \(state.lastHash.prefix(16))…")
        }
        let signals = PrometheusSignalHistory(timeout: 5, toSource: { [clock] in clock.wall($0) }, fromSource: { [clock] in clock.launch($0) })
        for file in await output.finished(launch, events, clock.now(), signals) { say("report:  \(file)") }
        if !settings.exitWhenDone {
            say("")
            say("The war room stays up: \(server)/launches/\(launch) — press Ctrl-C to stop.")
        }
        await result.set(DemoResult.Outcome(launch: launch, ended: state.ended?.outcome, verified: broken == nil, events: events.count))
        // A service that returns would stop the group as a failure: wait for the shutdown
        // (Ctrl-C, or `Demo.run` ending the group once the story is over under --exit).
        try? await gracefulShutdown()
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    /// The launch, its cast and an admin for the person watching.
    func create(_ service: LaunchService, urls: SandboxAddresses, prometheus: String?) async throws -> (Int64, (admin: String, cast: [String: String])) {
        var variables = settings.variables
        variables.values["GREEN_URL"] = urls.green
        variables.values["BLUE_URL"] = urls.blue
        variables.values["SANDBOX_URL"] = urls.control
        variables.prometheus = prometheus ?? urls.prometheus
        variables.rollbackPolicy = .auto
        let t0 = clock.now().addingTimeInterval(settings.lead)
        let at = ISO8601DateFormatter().string(from: t0)
        let launch = try NewLaunch(name: settings.name, runbookFile: settings.runbookFile, runbookSource: settings.runbookSource, at: at,
                                   timeZone: settings.timeZone, mode: .rehearsal, variables: variables)
        let (event, state) = try await service.create(launch, by: "liftoff demo")
        let id = event.launch
        output.line("Launch \(id) '\(launch.name)' (rehearsal) from \(settings.runbookFile): \(state.runbook.steps.count) steps, \(state.runbook.gates.count) gate(s), \(state.triggerRules.count) trigger(s), \(state.shiftSteps.count) traffic shift(s); T-0 at \(Schedule.iso8601(state.t0, timeZone: state.timeZone))")
        let cast = DemoCast(runbook: state.runbook, authority: state.rollbackAuthority)
        var tokens: [String: String] = [:]
        for member in cast.members {
            let token = UserToken.generate()
            _ = try await store.addUser(NewUser(name: member.name, tokenSHA256: UserToken.sha256(token), roles: member.roles, admin: false, launch: id))
            try await service.execute(.addParticipant(name: member.name, roles: member.roles, admin: false), on: id, by: .system)
            tokens[member.name] = token
        }
        let admin = UserToken.generate()
        _ = try await store.addUser(NewUser(name: "you", tokenSHA256: UserToken.sha256(admin), roles: [], admin: true, launch: id))
        try await service.execute(.addParticipant(name: "you", roles: [], admin: true), on: id, by: .system)
        output.line("Cast: " + cast.members.map { "\($0.name) (\($0.roles.joined(separator: ", ")))" }.joined(separator: " · "))
        return (id, (admin, tokens))
    }

    /// The cast's loop, and the fault at the right moment, until the launch ends.
    func act(_ service: LaunchService, launch: Int64) async throws {
        var faultAt: Date?
        var faulted = false
        // Folded once, then brought up to date with what is new (as the watcher does).
        var state = try await service.state(launch)
        let cast = DemoCast(runbook: state.runbook, authority: state.rollbackAuthority)
        while !Task.isCancelled {
            for event in try await store.read(launch, from: state.seq + 1) { try state.apply(event) }
            if state.ended != nil { return }
            let now = clock.now()
            for action in cast.next(state, now: now) {
                try await perform(action, service, launch: launch, state: state)
            }
            if !faulted {
                if faultAt == nil { faultAt = Self.faultMoment(state, delay: settings.faultDelay) }
                if let faultAt, now >= faultAt {
                    try await sandbox.setFault("green", errorRatio: settings.faultErrorRatio)
                    faulted = true
                    output.line("  \(DemoProgress.tTime(now, state))  ⚡ sandbox: green starts failing \(Int(settings.faultErrorRatio * 100))% of its requests (the demo's injected fault)")
                }
            }
            try await Task.sleep(for: clock.real(settings.pace))
        }
    }

    /// When green breaks: a while after the shift's second stage started (or T-0 without a shift).
    static func faultMoment(_ state: LaunchState, delay: TimeInterval) -> Date? {
        guard let shift = state.shiftSteps.first else { return state.t0.addingTimeInterval(delay) }
        let started = (state.shifts[shift.step] ?? []).filter { $0.state == .started }
        let stage = min(1, shift.stages.count - 1)
        guard started.count > stage else { return nil }
        return started[stage].at.addingTimeInterval(delay)
    }

    func perform(_ action: DemoCast.Action, _ service: LaunchService, launch: Int64, state: LaunchState) async throws(LaunchService.Failure) {
        do throws(LaunchService.Failure) {
            switch action {
            case .vote(let gate, let role, let who):
                try await service.execute(.vote(gate: gate, role: role, vote: .go, comment: "checks green, go"), on: launch, by: who.actor)
            case .mark(let step, let note, let who):
                try await service.execute(.markStep(step: step, mark: .done, note: note), on: launch, by: who.actor)
            case .runChecks(let ids, _):
                let checks = state.checks.filter { ids.contains($0.id) }
                let results = await CheckRunner(concurrency: 8, defaultTimeout: 5, prometheusURL: state.created.prometheus).run(checks)
                let ran = results.map { r in
                    CheckRan(check: r.check.id, gate: nil, step: r.check.step, result: r.status == .pass ? .pass : (r.status == .fail ? .fail : .error),
                             expected: r.check.expectation, observed: r.summary)
                }
                try await service.execute(.recordChecks(ran), on: launch, by: .system)
            }
        } catch {
            // The launch moved on meanwhile (a gate decided, a rollback began): the cast looks again.
            if case .refused = error { return }
            throw error
        }
    }
}

/// How the demo ended, for the exit code and the tests.
public actor DemoResult {
    public struct Outcome: Sendable, Hashable {
        public var launch: Int64
        public var ended: LaunchOutcome?
        public var verified: Bool
        public var events: Int
    }

    public private(set) var outcome: Outcome?
    private let (done, finish) = AsyncStream.makeStream(of: Void.self)

    public init() {}

    func set(_ outcome: Outcome) {
        self.outcome = outcome
        finish.finish()
    }

    /// Returns once the story is over (or the waiting task is cancelled).
    public nonisolated func waitUntilOver() async {
        for await _ in done {}
    }
}
