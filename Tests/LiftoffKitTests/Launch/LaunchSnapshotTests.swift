import Foundation
@testable import LiftoffKit
import LiftoffKitFixtures
import LiftoffRender
import Testing

/// Snapshots: a state taken at any event, stored, read back and advanced with the events after
/// it is the state a full fold gives (docs/architecture.md, "Snapshots").
@Suite struct LaunchSnapshotTests {
    /// A random but well-formed log: every kind of event the projection folds.
    static func randomLog(_ rng: inout SplitMix64, length: Int) -> [LaunchEvent] {
        var f = LaunchFixture()
        let steps = [LaunchFixture.freeze, LaunchFixture.deploy, LaunchFixture.revert]
        let people = ["ada", "lee", "pat"]
        for i in 0..<length {
            f.now = f.now.addingTimeInterval(Double(rng.next() % 600) + 0.25)
            let who = rng.pick(people)
            let draft: EventDraft = switch rng.next() % 14 {
            case 0: EventDraft(actor: "ada", ParticipantAdded(participant: who, roles: [rng.pick(["Engineering Lead", "Product Owner", "viewer"])], admin: rng.next() % 4 == 0))
            case 1: EventDraft(actor: who, StepMarked(step: rng.pick(steps), mark: rng.pick(StepMark.allCases), note: rng.next() % 2 == 0 ? "note \(i)" : nil))
            case 2: EventDraft(actor: who, GateVoted(gate: LaunchFixture.gate, role: rng.pick(["Engineering Lead", "Product Owner"]), vote: rng.pick([.go, .nogo]), comment: nil))
            case 3: EventDraft(actor: "system", GateDecided(gate: LaunchFixture.gate, decision: rng.pick([.go, .nogo, .open]), reason: "rules"))
            case 4: EventDraft(actor: "watcher", CheckRan(check: rng.pick(["health", "dns"]), gate: rng.next() % 2 == 0 ? LaunchFixture.gate : nil, step: nil,
                                                        result: rng.pick([.pass, .fail]), expected: "200", observed: "\(rng.next() % 500)"))
            case 5: EventDraft(actor: "watcher", TriggerChanged(trigger: "errors", state: rng.pick([.ok, .pending, .firing, .nodata]), previous: rng.pick([.ok, .pending, nil]),
                                                              value: Double(rng.next() % 100) / 1000, series: rng.next() % 2 == 0 ? "{pod=\"a\"}" : nil,
                                                              observedAt: f.now, message: "m", transition: rng.next() % 5 == 0 ? .keepStarted : nil))
            case 6: EventDraft(actor: who, RollbackRequested(reason: "errors", trigger: nil, value: nil, policy: rng.pick([.manual, .auto])))
            case 7: EventDraft(actor: who, RollbackConfirmed(role: "Engineering Lead", comment: nil))
            case 8: EventDraft(actor: "watcher", ActionRan(purpose: rng.pick([.rollback, .shift]), step: LaunchFixture.revert, command: "kubectl rollout undo",
                                                         exitCode: rng.pick([0, 1]), output: "ok", durationMS: 12, error: nil))
            case 9: EventDraft(actor: "watcher", ShiftStage(step: "shift", weight: rng.pick([10, 50, 100]), state: rng.pick([.started, .passed, .aborted]), reason: nil))
            case 10: EventDraft(actor: who, StatusPosted(status: rng.pick(StatusLevel.allCases), message: "status \(i)", milestone: nil, channels: ["ops"]))
            case 11: EventDraft(actor: "delivery", NotificationDelivered(notification: max(1, f.events.count), channel: "ops", attempt: 1))
            case 12: EventDraft(actor: who, DefectLogged(text: "defect \(i)", severity: rng.pick(DefectSeverity.allCases)))
            default: EventDraft(actor: "watcher", ActionStarted(purpose: .rollback, step: LaunchFixture.revert, command: "kubectl rollout undo"))
            }
            f.append(draft)
        }
        return f.events
    }

    @Test func aSnapshotAtAnyEventPlusTheRestIsTheFullFold() throws {
        var rng = SplitMix64(state: 11)
        for round in 0..<40 {
            let events = Self.randomLog(&rng, length: 60)
            let full = try LaunchState.fold(events)
            for cut in [1, 2, 17, 40, events.count] {
                let head = try LaunchState.fold(Array(events.prefix(cut)))
                let stored = try LaunchSnapshot(head).encoded()
                var restored = try LaunchSnapshot.decode(stored).state()
                for event in events.dropFirst(cut) { try restored.apply(event) }
                #expect(LaunchSnapshot(restored) == LaunchSnapshot(full), "round \(round), snapshot at \(cut)")
                let now = LaunchFixture.t0
                #expect(CanonicalJSON.string(LaunchStatusReport(state: restored, now: now).json(all: true))
                    == CanonicalJSON.string(LaunchStatusReport(state: full, now: now).json(all: true)), "round \(round), snapshot at \(cut)")
            }
        }
    }

    @Test func aSnapshotIsStableText() throws {
        var rng = SplitMix64(state: 3)
        let state = try LaunchState.fold(Self.randomLog(&rng, length: 80))
        let once = try LaunchSnapshot(state).encoded()
        let twice = try LaunchSnapshot(LaunchSnapshot.decode(once).state()).encoded()
        #expect(try LaunchSnapshot.decode(once) == LaunchSnapshot.decode(twice))
        #expect(!once.contains("runbookSource\":\"\"") && once.contains("\"seq\":81"))
    }
}
