import Foundation
import LiftoffKit
import LiftoffRender
import LiftoffStore

/// Prints the launch as it happens: every event's one-line summary (the war room's activity
/// feed) with its time relative to T-0; trigger state and values come from the events too.
struct DemoProgress {
    let store: any EventStore
    let launch: Int64
    let line: @Sendable (String) -> Void

    /// Ends when the launch ends.
    func run() async throws {
        var state: LaunchState?
        for try await event in store.subscribe(launch, from: 1) {
            if state == nil {
                state = try LaunchState.fold([event])
            } else {
                try state?.apply(event)
            }
            guard let current = state else { continue }
            if let text = Self.line(for: event, in: current) {
                line("  \(Self.tTime(event.time, current))  \(text)")
            }
            if current.ended != nil { return }
        }
    }

    static func line(for event: LaunchEvent, in state: LaunchState) -> String? {
        guard let type = EventType(rawValue: event.type) else { return nil }
        let summary = state.activity.last { $0.seq == event.seq }?.summary ?? event.type
        switch type {
        case .launchCreated, .participantAdded, .notificationDelivered, .notificationFailed:
            return nil
        case .checkRan:
            let ran = try? event.decode(CheckRan.self)
            return "\(ran?.result == .pass ? "✔" : "✘") \(summary)"
        case .gateVoted, .gateDecided, .gateOverridden:
            return "⚑ \(summary)"
        case .triggerChanged:
            return "◉ \(summary)"
        case .shiftStage:
            return "⇄ \(summary)"
        case .rollbackRequested, .rollbackConfirmed:
            return "↩ \(summary)"
        case .actionRan:
            let ran = try? event.decode(ActionRan.self)
            return "\(ran?.succeeded == true ? "▶" : "✘") \(summary)"
        case .launchEnded:
            return "■ \(summary)"
        case .statusPosted:
            return "✉ \(summary)"
        default:
            return "• \(summary)"
        }
    }

    /// `T-09:40`, `T+1:05:00`: the report's relative time.
    static func tTime(_ date: Date, _ state: LaunchState) -> String {
        ReportTime(t0: state.t0, timeZone: state.timeZone).relative(date)
    }
}
