import LiftoffKit

/// Steps and gates named by id, prefix or words of their text; ambiguity lists the candidates.
enum TargetMatch {
    static func step(_ query: String, in state: LaunchState) throws(CLIError) -> String {
        let candidates = state.runbook.steps.map { NameMatcher.Candidate(id: $0.id, text: $0.text) }
        return try resolve(query, candidates, what: "step", launch: state.launch)
    }

    static func gate(_ query: String, in state: LaunchState) throws(CLIError) -> String {
        guard !state.runbook.gates.isEmpty else { throw .input("launch \(state.launch)'s runbook has no gates") }
        let candidates = state.runbook.gates.map { NameMatcher.Candidate(id: $0.id, text: $0.title) }
        return try resolve(query, candidates, what: "gate", launch: state.launch)
    }

    static func resolve(_ query: String, _ candidates: [NameMatcher.Candidate], what: String, launch: Int64) throws(CLIError) -> String {
        switch NameMatcher.match(query, in: candidates) {
        case .found(let id):
            return id
        case .ambiguous(let hits):
            let shown = hits.prefix(10).map { "  \($0.id)  \($0.text)" }.joined(separator: "\n")
            let more = hits.count > 10 ? "\n  … and \(hits.count - 10) more" : ""
            throw .input("'\(query)' matches \(hits.count) \(what)s; name one by id:\n\(shown)\(more)")
        case .none:
            throw .input("no \(what) matches '\(query)' in launch \(launch); liftoff launch status \(launch) --all lists them")
        }
    }
}
