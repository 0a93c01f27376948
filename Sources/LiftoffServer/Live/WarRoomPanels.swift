import Foundation
import LiftoffApplication
import LiftoffKit

/// The war room's live parts, rendered once per event for everyone who sees the same page (the
/// same roles), and sent down each page's event stream as only the parts that changed. Fifty
/// open pages cost one render per event, not fifty (docs/war-room.md, "Live updates").
public actor WarRoomPanels {
    /// What a page of one kind shows at one seq.
    struct Render {
        var seq: Int
        var sections: [(name: String, html: String)]
        /// The SSE frame of the sections that changed since `base` (the render before this one),
        /// and of all of them: built once, written to every stream as they are.
        var changed: [UInt8]
        var full: [UInt8]
        var base: Int?
    }

    struct Key: Hashable {
        var launch: Int64
        /// Pages differ only by the viewer's roles in the launch and whether they may act.
        var audience: String
    }

    let projections: LaunchProjections
    let histories: LaunchHistories
    let clock: @Sendable () -> Date
    let clockSpeed: Double
    /// The trigger charts' signal source (nil: recorded values only).
    let signals: (any SignalHistory)?
    /// Who has the launch's live stream open (the hub's viewers), for the People panel.
    let watching: @Sendable (Int64) async -> [String]
    /// The latest render of each page kind (older ones are not needed: every stream is at most one behind).
    var latest: [Key: Render] = [:]
    /// Renders made (one per event per kind of page, however many pages are open).
    public private(set) var renders = 0

    init(projections: LaunchProjections, histories: LaunchHistories, clock: @escaping @Sendable () -> Date, clockSpeed: Double,
         signals: (any SignalHistory)? = nil, watching: @escaping @Sendable (Int64) async -> [String] = { _ in [] }) {
        self.signals = signals
        self.watching = watching
        self.projections = projections
        self.histories = histories
        self.clock = clock
        self.clockSpeed = clockSpeed
    }

    static func audience(_ viewer: PageViewer) -> String {
        let p = viewer.participant
        return "\(p.admin ? "admin" : "-")|\(p.isViewer ? "viewer" : "actor")|" + p.roles.map { RoleName.key($0) }.sorted().joined(separator: ",")
    }

    /// The parts of `viewer`'s page that changed after `sentSeq` (the seq of the last parts this
    /// stream sent; nil for none yet), as of event `seq` or later; nil when there is nothing new.
    func update(launch: Int64, seq: Int, viewer: PageViewer, sentSeq: Int?) async -> (seq: Int, frame: [UInt8])? {
        var state = await projections.loaded(launch)
        if state.map({ $0.seq < seq }) ?? true {
            state = try? await projections.state(launch)
        }
        guard let state else { return nil }
        let within = viewer.within(state)
        let key = Key(launch: launch, audience: Self.audience(within))
        if let sentSeq, sentSeq >= state.seq { return nil }
        // Awaited before the cache is consulted: no suspension may fall between the cache check
        // and the render, or every page waiting here would render the same event again.
        let history = await histories.history(of: state)
        let watchers = await watching(launch)
        // Cheap after the first page of a kind: `SignalHistory` answers the same window from its cache.
        let signalsNow = await TriggerSignals.fetch(state, from: signals, now: clock())
        let render: Render
        if let cached = latest[key], cached.seq >= state.seq {
            render = cached
        } else {
            render = make(state, viewer: within, history: history, watching: watchers, signals: signalsNow, after: latest[key])
            latest[key] = render
        }
        if let sentSeq, sentSeq >= render.seq { return nil }
        if let base = render.base, base == sentSeq { return (render.seq, render.changed) }
        return (render.seq, render.full)
    }

    func make(_ state: LaunchState, viewer: PageViewer, history: StepHistory = StepHistory(), watching: [String] = [],
              signals: [String: SignalFetch] = [:], after previous: Render?) -> Render {
        renders += 1
        // Forms in these parts carry no CSRF field: the page's script sends its meta token.
        let anonymous = PageViewer(participant: viewer.participant, csrfToken: nil)
        let sections = WarRoomPage(state: state, viewer: anonymous, now: clock(), clockSpeed: clockSpeed, history: history, watching: watching,
                                   signals: signals).liveSections()
        let full = LiveRoutes.panelsFrame(sections.map(\.html).joined(separator: "\n"))
        guard let previous else {
            return Render(seq: state.seq, sections: sections, changed: full, full: full, base: nil)
        }
        let old = Dictionary(previous.sections.map { ($0.name, $0.html) }, uniquingKeysWith: { a, _ in a })
        let changed = sections.filter { old[$0.name] != $0.html }.map(\.html).joined(separator: "\n")
        return Render(seq: state.seq, sections: sections, changed: LiveRoutes.panelsFrame(changed), full: full, base: previous.seq)
    }
}
