import Foundation
import LiftoffKit
import LiftoffRender

/// `GET /api/v1/launches/{id}` answers from the projection; the JSON of one state at one second
/// is the same for every caller, so it is built once per (launch, seq, second) and shared.
/// Fifty war rooms polling a launch cost one encoding per event or second, not fifty.
actor StateResponses {
    struct Entry {
        var seq: Int
        var second: Int64
        var body: String
    }

    private var entries: [Int64: Entry] = [:]

    /// The state's JSON at `now` (to the second; "now" in it says which second).
    func body(for state: LaunchState, now: Date, history: StepHistory = StepHistory()) -> String {
        let second = Int64(now.timeIntervalSince1970.rounded(.down))
        if let entry = entries[state.launch], entry.seq == state.seq, entry.second == second { return entry.body }
        let at = Date(timeIntervalSince1970: TimeInterval(second))
        let body = CanonicalJSON.string(LaunchStatusReport(state: state, now: at, history: history).json(all: true))
        // A later read may bring an older state (it waited longer): never go back.
        if let entry = entries[state.launch], entry.seq > state.seq { return body }
        entries[state.launch] = Entry(seq: state.seq, second: second, body: body)
        return body
    }
}
