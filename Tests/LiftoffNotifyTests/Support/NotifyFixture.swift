import Foundation
import LiftoffKit
import LiftoffApplication
import LiftoffStore
import LiftoffTestSupport
import Testing

/// A temporary SQLite store with one launch whose channels point at a local receiver.
struct NotifyFixture {
    static let runbook = SampleRunbooks.checkout
    static let t0 = Date(timeIntervalSince1970: 1_796_112_000)
    static let lead = LaunchActor(name: "lee", roles: ["Engineering Lead"], admin: false)
    static let secret = "s3cret-for-tests"

    let directory: URL
    let path: String
    let store: SQLiteEventStore
    let launch: Int64

    /// `vars` is the vars file (use `{{PORT}}` for the receiver's port).
    static func make(vars: String, port: Int, t0: Date = NotifyFixture.t0) async throws -> NotifyFixture {
        let directory = try Repository.temporaryDirectory("liftoff-notify")
        let path = directory.appendingPathComponent("l.db").path
        let store = try await SQLiteEventStore.open(path: path, create: true)
        let variables = try LaunchVariables.parse(vars.replacingOccurrences(of: "{{PORT}}", with: String(port)), file: "vars.yaml")
        let created = LaunchCreated(name: "checkout-v2", runbookFile: "runbook.md", runbookSource: runbook, t0: t0,
                                    timeZone: "Europe/Oslo", mode: .rehearsal, variables: variables)
        let first = try await store.createLaunch(name: "checkout-v2", created: EventDraft(actor: "ada", created))
        return NotifyFixture(directory: directory, path: path, store: store, launch: first.launch)
    }

    static func webhookVars(path: String = "hook") -> String {
        """
        notify:
          ops:
            kind: webhook
            url: http://127.0.0.1:{{PORT}}/\(path)
            secret: env:HOOK_SECRET
        status every: every 15 minutes
        """
    }

    /// Posts a status update the way `liftoff status post` does; returns its seq.
    @discardableResult
    func post(_ message: String, _ status: StatusLevel = .green) async throws -> Int {
        let events = try await LaunchService(store: store).execute(.postStatus(status: status, message: message), on: launch, by: Self.lead)
        return try #require(events.last?.seq)
    }

    func events() async throws -> [LaunchEvent] { try await store.read(launch, from: 1) }

    func delivered() async throws -> [NotificationDelivered] {
        try await events().filter { $0.eventType == .notificationDelivered }.map { try $0.decode(NotificationDelivered.self) }
    }

    func failed() async throws -> [NotificationFailed] {
        try await events().filter { $0.eventType == .notificationFailed }.map { try $0.decode(NotificationFailed.self) }
    }

    /// Waits (without blocking a thread) until `condition` holds, or fails after `seconds`.
    static func eventually(_ what: String, seconds: Double = 30, _ condition: () async throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("timed out after \(seconds) s waiting for: \(what)")
        throw ReceiverError("timed out: \(what)")
    }

    static let environment: @Sendable (String) -> String? = { $0 == "HOOK_SECRET" ? secret : nil }
}
