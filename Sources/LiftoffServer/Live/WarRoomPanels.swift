import Foundation
import LiftoffApplication
import LiftoffKit
import NIOCore

/// The war room's live parts, rendered once per event for everyone who sees the same page (the
/// same roles), and sent down each page's event stream as only the parts that changed. Fifty
/// open pages cost one render per event, not fifty (docs/war-room.md, "Live updates").
public actor WarRoomPanels {
    /// What a page of one kind shows at one seq.
    struct Render {
        var seq: Int
        var sections: [(name: String, html: String)]
        /// The SSE frame of the sections that changed since `base` (the render before this one),
        /// and of all of them: built once, written to every stream as they are (shared, not copied).
        var changed: ByteBuffer
        var full: ByteBuffer
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
    /// The render of each page kind being made, and the seq it is of.
    var inFlight: [Key: (seq: Int, render: Task<Render, Never>)] = [:]
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
    func update(launch: Int64, seq: Int, viewer: PageViewer, sentSeq: Int?) async -> (seq: Int, frame: ByteBuffer)? {
        var state = await projections.loaded(launch)
        if state.map({ $0.seq < seq }) ?? true {
            state = try? await projections.state(launch)
        }
        guard let state else { return nil }
        let within = viewer.within(state)
        let key = Key(launch: launch, audience: Self.audience(within))
        if let sentSeq, sentSeq >= state.seq { return nil }
        // Every page of this kind after the first one for this event: the render is made already,
        // and what it needs need not be gathered again.
        if let cached = latest[key], cached.seq >= state.seq { return Self.reply(cached, after: sentSeq) }
        // The pages that arrive while the first one gathers what the render needs wait for that
        // render instead of gathering it too (one render per event, not one gathering per page).
        if let rendering = inFlight[key], rendering.seq >= state.seq {
            return Self.reply(await rendering.render.value, after: sentSeq)
        }
        let rendering = Task { await self.render(state, key: key, viewer: within) }
        inFlight[key] = (state.seq, rendering)
        let render = await rendering.value
        if inFlight[key]?.seq == state.seq { inFlight[key] = nil }
        return Self.reply(render, after: sentSeq)
    }

    /// Gathers what the parts show besides the state, then renders them (or takes a newer render
    /// that another page made meanwhile).
    func render(_ state: LaunchState, key: Key, viewer: PageViewer) async -> Render {
        let history = await histories.history(of: state)
        let watchers = await watching(state.launch)
        // Cheap after the first page of a kind: `SignalHistory` answers the same window from its cache.
        let signalsNow = await TriggerSignals.fetch(state, from: signals, now: clock())
        // No suspension between this check and keeping the render.
        if let cached = latest[key], cached.seq >= state.seq { return cached }
        let render = make(state, viewer: viewer, history: history, watching: watchers, signals: signalsNow, after: latest[key])
        latest[key] = render
        return render
    }

    /// What a stream that sent the parts of `sentSeq` gets of `render`: nothing, the changed
    /// parts (it has the render before), or all of them.
    static func reply(_ render: Render, after sentSeq: Int?) -> (seq: Int, frame: ByteBuffer)? {
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
