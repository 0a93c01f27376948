import Foundation
import LiftoffKit

/// "Are we OK?" in one word: the worst of what the launch's own facts say (triggers, the
/// rollback, the outcome, late or failed steps, a hold, the forecast) and of the last status
/// a person posted, with the reasons in words. See docs/war-room.md, "What the war room shows": The header.
struct WarRoomHealth: Equatable {
    var level: StatusLevel
    var reasons: [String]

    static func of(_ state: LaunchState, forecast: LaunchForecast, now: Date) -> WarRoomHealth {
        var red: [String] = []
        var yellow: [String] = []
        if let ended = state.ended {
            switch ended.outcome {
            case .success: break
            case .rolledBack: red.append("rolled back")
            case .aborted: red.append("aborted")
            }
        } else if let rollback = state.rollback {
            red.append("rollback " + (rollback.started ? "under way" : "requested") + ": " + rollback.request.reason)
        }
        for rule in state.triggerRules {
            switch state.trigger(rule.id).status {
            // An alert that fires is a warning; one that pages, halts or rolls back is not.
            case .firing where rule.action == .alert: yellow.append("\(rule.name) firing")
            case .firing: red.append("\(rule.name) firing")
            case .pending: yellow.append("\(rule.name) pending")
            case .error: yellow.append("\(rule.name) cannot be read")
            case .nodata: yellow.append("\(rule.name) has no data")
            case .ok: break
            }
        }
        if state.ended == nil {
            let c = state.counts
            if c.failed > 0 { red.append("\(c.failed) step\(c.failed == 1 ? "" : "s") failed") }
            if c.blocked > 0 { yellow.append("\(c.blocked) step\(c.blocked == 1 ? "" : "s") blocked") }
            let late = state.overdue(now: now).count
            if late > 0 { yellow.append("\(late) step\(late == 1 ? "" : "s") overdue") }
            if state.hold != nil { yellow.append("on hold") }
            if forecast.isOver { yellow.append("forecast past the window") }
            if state.runbook.gates.contains(where: { state.gates[$0.id]?.decision == .nogo }) { red.append("a gate decided NO-GO") }
        }
        if let posted = state.currentStatus {
            switch posted.status {
            case .red: red.append("status posted RED")
            case .yellow: yellow.append("status posted YELLOW")
            case .green: break
            }
        }
        if !red.isEmpty { return WarRoomHealth(level: .red, reasons: red + yellow) }
        if !yellow.isEmpty { return WarRoomHealth(level: .yellow, reasons: yellow) }
        return WarRoomHealth(level: .green, reasons: [])
    }
}
