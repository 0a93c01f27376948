import Foundation
import LiftoffKit

extension LaunchReport {
    func comparisonJSON(_ c: LaunchComparison) -> JSONValue {
        func seconds(_ s: TimeInterval?) -> JSONValue { s.map { .int(Int64($0.rounded())) } ?? .null }
        return .object([
            "runs": .array(c.runs.map { .object(["launch": .int($0.launch), "name": .string($0.name), "mode": .string($0.mode.rawValue),
                                                 "t0": .string(CanonicalTime.string($0.t0))]) }),
            "steps": .array(c.steps.map { row in
                .object(["id": .string(row.id), "text": .string(row.text), "owner": row.owner.map(JSONValue.string) ?? .null,
                         "plannedSeconds": seconds(row.planned), "seconds": .array(row.durations.map(seconds)),
                         "states": .array(row.states.map { .string($0.rawValue) }), "late": .array(row.late.map(JSONValue.bool)),
                         "differs": .bool(row.differs)])
            }),
            "gates": .array(c.gates.map { .object(["id": .string($0.id), "title": .string($0.title), "waitedSeconds": .array($0.waited.map(seconds))]) }),
        ])
    }
}
