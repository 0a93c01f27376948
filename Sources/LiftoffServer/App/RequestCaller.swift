import Foundation
import LiftoffStore

/// The authenticated user of one request, shared between the copies of its context, so the request
/// log line names the user (docs/server.md, "Logs").
final class RequestCaller: @unchecked Sendable {
    private let lock = NSLock()
    private var user: StoredUser?

    func note(_ user: StoredUser) {
        lock.withLock { self.user = user }
    }

    /// `id:name`, or `-` for an anonymous request.
    var logName: String {
        lock.withLock { user.map { "\($0.id):\($0.name)" } ?? "-" }
    }
}
