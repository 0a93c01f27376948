import Testing
@testable import LiftoffKit

@Suite struct NameMatcherTests {
    let steps = [
        NameMatcher.Candidate(id: "t-0-deploy/deploy-the-release", text: "Deploy the release"),
        NameMatcher.Candidate(id: "t-0-deploy/run-smoke-tests", text: "Run smoke tests"),
        NameMatcher.Candidate(id: "t-1h-verify/run-smoke-tests", text: "Run smoke tests"),
    ]

    @Test func idPrefixAndWordsFindOneStep() {
        #expect(NameMatcher.match("t-0-deploy/deploy-the-release", in: steps) == .found("t-0-deploy/deploy-the-release"))
        #expect(NameMatcher.match("t-0-deploy/run", in: steps) == .found("t-0-deploy/run-smoke-tests"))
        #expect(NameMatcher.match("deploy the", in: steps) == .found("t-0-deploy/deploy-the-release"))
        #expect(NameMatcher.match("release deploy", in: steps) == .found("t-0-deploy/deploy-the-release"))
    }

    @Test func ambiguousTextListsTheCandidates() {
        guard case .ambiguous(let hits) = NameMatcher.match("smoke", in: steps) else {
            Issue.record("expected ambiguity")
            return
        }
        #expect(hits.map(\.id) == ["t-0-deploy/run-smoke-tests", "t-1h-verify/run-smoke-tests"])
        #expect(NameMatcher.match("nothing like it", in: steps) == .none)
    }
}
