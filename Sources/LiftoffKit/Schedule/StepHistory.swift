import Foundation

/// How long each step took in earlier launches of the same runbook (rehearsals included),
/// matched by stable step id. Built by whoever can read other launches (the CLI, the server)
/// and handed to the pure forecast.
public struct StepHistory: Hashable, Sendable {
    /// Step id → seconds it took, one sample per earlier launch that finished it.
    public private(set) var samples: [String: [TimeInterval]] = [:]
    /// The launches the samples come from.
    public private(set) var launches: [Int64] = []

    public init() {}

    public init(samples: [String: [TimeInterval]]) {
        self.samples = samples
    }

    /// Earlier launches whose runbook is this one's: same file path, same title, or linked by
    /// `--rehearsal-of` (either way, or both rehearsing the same launch).
    public static func of(_ earlier: [LaunchState], for state: LaunchState) -> StepHistory {
        var history = StepHistory()
        for other in earlier where other.launch != state.launch && other.createdAt < state.createdAt && sameRunbook(other, state) {
            history.add(other)
        }
        return history
    }

    public static func sameRunbook(_ a: LaunchState, _ b: LaunchState) -> Bool {
        if a.created.runbookFile == b.created.runbookFile || a.created.runbookSHA256 == b.created.runbookSHA256 { return true }
        if a.created.rehearsalOf == b.launch || b.created.rehearsalOf == a.launch { return true }
        if let x = a.created.rehearsalOf, x == b.created.rehearsalOf { return true }
        guard let x = a.runbook.title, let y = b.runbook.title else { return false }
        return NameMatcher.normal(x) == NameMatcher.normal(y)
    }

    /// A cheap first look at another launch's `launch.created` (no parsing, no fold): false only
    /// when `sameRunbook` is sure to be false too.
    public static func mayBeLinked(_ created: LaunchCreated, launch: Int64, to state: LaunchState) -> Bool {
        if created.runbookFile == state.created.runbookFile || created.runbookSHA256 == state.created.runbookSHA256 { return true }
        if created.rehearsalOf == state.launch || state.created.rehearsalOf == launch { return true }
        if let x = created.rehearsalOf, x == state.created.rehearsalOf { return true }
        guard let title = state.runbook.title else { return false }
        // The title is the first heading or the front matter's; look for it in the text.
        return created.runbookSource.localizedCaseInsensitiveContains(title)
    }

    public mutating func add(_ state: LaunchState) {
        launches.append(state.launch)
        for (id, timing) in StepTimings.of(state) {
            samples[id, default: []].append(timing.end.timeIntervalSince(timing.start))
        }
    }

    public func count(of id: String) -> Int { samples[id]?.count ?? 0 }

    /// The median sample; the mean of the middle two when there is an even number.
    public func median(of id: String) -> TimeInterval? {
        guard let values = samples[id]?.sorted(), !values.isEmpty else { return nil }
        let mid = values.count / 2
        return values.count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2
    }
}
