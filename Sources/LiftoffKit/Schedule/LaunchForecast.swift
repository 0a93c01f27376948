import Foundation

/// When each remaining step and gate, each phase and the whole launch are expected to end, and
/// the critical path through what remains (DESIGN §1, "forecast"). A pure function of the state,
/// the history of earlier launches and `now`: recomputed on every event and every read.
///
/// Forward: a node starts at the latest of now, its window's start and the end of everything it
/// waits for, and takes its estimate. Backward: a node's latest finish is the earliest latest
/// start of what waits for it (the forecast end for the last ones); slack is the difference.
public struct LaunchForecast: Sendable {
    public struct Item: Hashable, Sendable {
        public var node: ClockNode
        public var title: String
        public var owner: String?
        public var estimate: StepEstimate
        public var start: Date
        public var end: Date
        /// Done, skipped or passed: `end` is when it was.
        public var finished: Bool
        public var inProgress: Bool
        /// How much later it could end without moving the forecast end.
        public var slack: TimeInterval
        public var critical: Bool
        /// When its window closes (a point in time counts `LaunchState.pointGrace`); nil if untimed.
        public var windowEnd: Date?
        /// Index into `Runbook.sections` of its phase; nil outside any timed section.
        public var phase: Int?
    }

    public struct Phase: Hashable, Sendable {
        public var section: Int
        public var title: String
        public var end: Date
        /// The latest window end of its steps and gates.
        public var windowEnd: Date?
        public var finished: Bool
    }

    public var now: Date
    public var items: [Item]
    public var phases: [Phase]
    /// The end of the last remaining item (or of the last finished one); nil for an empty checklist.
    public var end: Date?
    /// The latest window end of the checklist: when the launch is due to be over.
    public var windowEnd: Date?
    /// From the first to the last node that decide the forecast end, in order.
    public var criticalPath: [ClockNode]

    /// Seconds left between the forecast end and the window's end; negative when over.
    public var margin: TimeInterval? {
        guard let end, let windowEnd else { return nil }
        return windowEnd.timeIntervalSince(end)
    }

    /// The forecast end is past the window's end (a minute's rounding is not an overrun).
    public var isOver: Bool { (margin ?? 0) < -59 }

    public var finished: Bool { items.allSatisfy(\.finished) }

    public func item(_ node: ClockNode) -> Item? { items.first { $0.node == node } }

    public init(_ state: LaunchState, history: StepHistory = StepHistory(), now: Date) {
        self.now = now
        let plan = state.plan
        var items: [Item] = []
        var byNode: [ClockNode: Int] = [:]
        var driver: [ClockNode: ClockNode] = [:]
        for node in plan.dependencies.order {
            guard let made = Self.item(node, state, history, now, byNode: byNode, items: items) else { continue }
            byNode[node] = items.count
            items.append(made.item)
            if let by = made.drivenBy { driver[node] = by }
        }
        let end = items.map(\.end).max()
        Self.slack(&items, byNode: byNode, plan: plan, end: end)
        var path: [ClockNode] = []
        if let last = items.filter({ !$0.finished }).max(by: { ($0.end, byNode[$0.node] ?? 0) < ($1.end, byNode[$1.node] ?? 0) }) {
            var node: ClockNode? = last.node
            while let n = node {
                path.insert(n, at: 0)
                node = driver[n]
            }
        }
        let onPath = Set(path)
        for i in items.indices { items[i].critical = onPath.contains(items[i].node) }
        self.items = items
        self.end = end
        windowEnd = items.compactMap(\.windowEnd).max()
        criticalPath = path
        phases = Self.phases(items, runbook: state.runbook)
    }

    /// One node forward; nil for steps left out (rollback steps, steps ticked in the runbook).
    private static func item(_ node: ClockNode, _ state: LaunchState, _ history: StepHistory, _ now: Date,
                             byNode: [ClockNode: Int], items: [Item]) -> (item: Item, drivenBy: ClockNode?)? {
        let plan = state.plan
        let title: String, owner: String?, estimate: StepEstimate, window: (start: Date, end: Date)?, section: Int
        var startedAt: Date?
        switch node {
        case .step(let id):
            guard let step = plan.step(id), !step.rollback else { return nil }
            let p = state.progress(of: id)
            if p.state.isSettled, p.at == nil { return nil }
            title = step.text
            owner = step.owner
            estimate = StepEstimates.estimate(step, runbook: plan.runbookEstimates[id], history: history)
            window = state.window(of: step)
            section = step.section
            startedAt = p.startedAt
        case .gate(let id):
            guard let gate = plan.gate(id) else { return nil }
            title = gate.title
            owner = nil
            estimate = StepEstimate(seconds: 0, source: .decision)
            window = gate.window.map { w in
                let start = state.instant(w.start)
                return (start, max(state.instant(w.end), start.addingTimeInterval(LaunchState.pointGrace)))
            }
            section = gate.section
        }
        let phase = phaseSection(of: section, in: state.runbook)
        func made(start: Date, end: Date, finished: Bool, inProgress: Bool = false) -> Item {
            Item(node: node, title: title, owner: owner, estimate: estimate, start: start, end: end, finished: finished,
                 inProgress: inProgress, slack: 0, critical: false, windowEnd: window?.end, phase: phase)
        }
        if let done = state.finished(node) {
            return (made(start: startedAt ?? min(done, done.addingTimeInterval(-estimate.seconds)), end: done, finished: true), nil)
        }
        if let startedAt, state.progress(of: node.id).state == .pending || state.progress(of: node.id).state == .blocked {
            return (made(start: startedAt, end: max(now, startedAt.addingTimeInterval(estimate.seconds)), finished: false, inProgress: true), nil)
        }
        var start = now
        var drivenBy: ClockNode?
        if let open = window?.start, open > start { start = open }
        for dependency in plan.dependencies.dependencies(of: node) {
            guard let i = byNode[dependency.on] else { continue }
            let before = items[i]
            if before.end > start, !before.finished {
                start = before.end
                drivenBy = before.node
            }
        }
        return (made(start: start, end: start.addingTimeInterval(estimate.seconds), finished: false), drivenBy)
    }

    /// Backward pass over the unfinished items, latest first.
    private static func slack(_ items: inout [Item], byNode: [ClockNode: Int], plan: LaunchPlan, end: Date?) {
        guard let end else { return }
        var latestFinish = [Date](repeating: end, count: items.count)
        for i in items.indices.reversed() where !items[i].finished {
            let latestStart = latestFinish[i].addingTimeInterval(-items[i].estimate.seconds)
            for dependency in plan.dependencies.dependencies(of: items[i].node) {
                guard let j = byNode[dependency.on], !items[j].finished else { continue }
                latestFinish[j] = min(latestFinish[j], latestStart)
            }
            items[i].slack = max(0, latestFinish[i].timeIntervalSince(items[i].end))
        }
    }

    /// The nearest enclosing section with a time anchor of its own.
    static func phaseSection(of section: Int, in runbook: Runbook) -> Int? {
        var index: Int? = section
        while let i = index, let s = runbook.sections[safe: i] {
            if s.anchor != nil { return i }
            index = s.parent
        }
        return nil
    }

    private static func phases(_ items: [Item], runbook: Runbook) -> [Phase] {
        var grouped: [Int: [Item]] = [:]
        for item in items { if let phase = item.phase { grouped[phase, default: []].append(item) } }
        return grouped.keys.sorted().compactMap { index in
            guard let members = grouped[index], let end = members.map(\.end).max() else { return nil }
            return Phase(section: index, title: runbook.sections[index].title, end: end,
                         windowEnd: members.compactMap(\.windowEnd).max(), finished: members.allSatisfy(\.finished))
        }
    }
}
