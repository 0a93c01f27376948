import Foundation
import LiftoffKit
import LiftoffStore
import Testing

@Suite struct ConcurrentWriterTests {
    /// 50 writers, each with its own connection to one file, mark steps (several the same step).
    @Test func fiftyConcurrentWritersKeepTheLogGaplessAndConsistent() async throws {
        let dir = try TestEnvironment.temporaryDirectory()
        let (first, launch) = try await TestEnvironment.storeWithLaunch(dir)
        let path = dir.appendingPathComponent("l.db").path
        let steps = try await LaunchService(store: first).state(launch).runbook.steps.map(\.id)
        // Only steps before the gate, so no refusals for the gate muddy the count.
        let open = Array(steps.prefix(2))
        let marks: [StepMark] = [.done, .failed, .blocked, .skipped]

        let acknowledged = try await withThrowingTaskGroup(of: [LaunchEvent].self) { group in
            for writer in 0..<50 {
                group.addTask {
                    let store = try await SQLiteEventStore.open(path: path, create: false)
                    let service = LaunchService(store: store)
                    let actor = LaunchActor(name: "writer-\(writer)", roles: ["Engineer"], admin: false)
                    var mine: [LaunchEvent] = []
                    for round in 0..<3 {
                        let command = LaunchCommand.markStep(step: open[(writer + round) % open.count], mark: marks[(writer + round) % marks.count], note: "w\(writer) r\(round)")
                        do {
                            mine += try await service.execute(command, on: launch, by: actor)
                        } catch {
                            // A refusal (already in that state) is fine; anything else is not.
                            guard case LaunchService.Failure.refused? = error as? LaunchService.Failure else { await store.close(); throw error }
                        }
                    }
                    await store.close()
                    return mine
                }
            }
            var all: [LaunchEvent] = []
            for try await events in group { all += events }
            return all
        }

        let stored = try await first.read(launch, from: 1)
        #expect(stored.map(\.seq) == Array(1...stored.count), "gapless from 1")
        #expect(EventChain.verify(stored) == nil)
        let bySeq = Dictionary(uniqueKeysWithValues: stored.map { ($0.seq, $0) })
        for event in acknowledged {
            #expect(bySeq[event.seq] == event, "acknowledged event \(event.seq) is stored as acknowledged")
        }
        #expect(acknowledged.count == stored.count - 1)
        let joins = stored.filter { $0.type == "participant.added" }.map(\.actor)
        #expect(Set(joins).count == joins.count, "a writer that retried after a conflict did not join twice")

        // The projection agrees with the last mark of each step in the log.
        let state = try LaunchState.fold(stored)
        for step in open {
            let last = try stored.filter { $0.type == "step.marked" }.map { try $0.decode(StepMarked.self) }.last { $0.step == step }
            let expected: StepState? = last.map {
                switch $0.mark {
                case .done: .done
                case .skipped: .skipped
                case .failed: .failed
                case .blocked: .blocked
                case .reopened: .pending
                }
            }
            #expect(state.progress(of: step).state == expected ?? .pending)
        }
        await first.close()
    }
}
