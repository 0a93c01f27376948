import Foundation
import LiftoffKit

/// What `importLaunch` and `importUser` decide, the same for every store: copying twice is
/// harmless, copying over something different is refused.
enum ImportRules {
    /// Checks the events to import belong to `launch`, are numbered from 1 without gaps and chain.
    static func validate(_ launch: LaunchRecord, _ events: [LaunchEvent]) throws(StoreError) {
        guard !events.isEmpty else {
            throw StoreError(.database, "launch \(launch.id) has no events to copy")
        }
        guard events.allSatisfy({ $0.launch == launch.id }), events.map(\.seq) == Array(1...events.count) else {
            throw StoreError(.database, "the events of launch \(launch.id) are not numbered 1…\(events.count) for that launch")
        }
        if let broken = EventChain.verify(events) {
            throw StoreError(.database, "launch \(launch.id) is broken at seq \(broken.seq) (\(broken.reason)); not copied",
                             hint: "liftoff verify \(launch.id) on the source names the broken link")
        }
    }

    /// The launch is there already: the same content is fine, anything else is refused.
    static func existing(_ present: LaunchRecord, _ presentEvents: [LaunchEvent], incoming: LaunchRecord, _ events: [LaunchEvent],
                         at location: String) throws(StoreError) -> ImportOutcome {
        guard present.name == incoming.name, presentEvents == events else {
            throw StoreError(.duplicate, "launch \(incoming.id) exists in \(location) with other content (\(present.name), \(presentEvents.count) events); not overwritten",
                             hint: "copy into an empty database, or leave that launch out with --launch")
        }
        return .alreadyPresent
    }

    static func nameTaken(_ name: String, by other: Int64, incoming: Int64, at location: String) -> StoreError {
        StoreError(.duplicate, "\(location) has a launch named '\(name)' already (launch \(other)), so launch \(incoming) cannot be copied under its id",
                   hint: "copy into an empty database")
    }

    static func user(_ present: UserRecord, incoming: UserRecord, at location: String) throws(StoreError) -> ImportOutcome {
        guard present.user == incoming.user else {
            throw StoreError(.duplicate, "\(location) has another user with the token of '\(incoming.user.name)'; not overwritten")
        }
        return .alreadyPresent
    }

    static func roles(_ text: String) -> [String] {
        if case .array(let items)? = JSONValue.parse(text) { return items.compactMap(\.stringValue) }
        return []
    }

    static func rolesText(_ roles: [String]) -> String {
        CanonicalJSON.string(.array(roles.map(JSONValue.string)))
    }
}
