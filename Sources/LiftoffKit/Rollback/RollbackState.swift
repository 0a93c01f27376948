import Foundation

/// One confirmation of a rollback request.
public struct RollbackConfirmation: Hashable, Sendable, Codable {
    public var by: String
    public var role: String?
    public var at: Date
    public var comment: String?

    public init(by: String, role: String?, at: Date, comment: String?) {
        self.by = by
        self.role = role
        self.at = at
        self.comment = comment
    }
}

/// A rollback as its events say it is: requested, confirmed (started at quorum), and the
/// commands it ran.
public struct RollbackState: Hashable, Sendable, Codable {
    public var request: RollbackRequested
    public var requestedBy: String
    public var requestedAt: Date
    public var confirmations: [RollbackConfirmation] = []
    /// When the procedure may run: policy auto, or the authority's quorum confirmed.
    public var startedAt: Date?
    /// The latest result per command, keyed by `RollbackState.key(step:command:)`.
    public var results: [String: ActionRan] = [:]
    /// The first failed command of this attempt; the procedure stops there until an admin decides.
    public var failure: ActionRan?
    /// 1 for the first request; a request after a failed attempt resumes at the failed command.
    public var attempt = 1
    /// The seq of the latest `rollback.requested`: what a Slack button names (docs/slack.md).
    public var requestSeq: Int?

    public init(request: RollbackRequested, by: String, at: Date) {
        self.request = request
        requestedBy = by
        requestedAt = at
    }

    public var started: Bool { startedAt != nil }
    public var stopped: Bool { failure != nil }

    static func key(step: String?, command: String) -> String { "\(step ?? "")\n\(command)" }
}
