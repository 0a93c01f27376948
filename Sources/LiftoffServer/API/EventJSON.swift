import LiftoffKit

/// An event as the API and the live stream show it: the hashed fields plus the hash (the same
/// shape as `liftoff log --format json`).
enum EventJSON {
    static func make(_ event: LaunchEvent) -> JSONValue {
        guard case .object(var fields) = event.canonicalBody else { return .null }
        fields["hash"] = .string(event.hash)
        return .object(fields)
    }

    static func list(_ events: [LaunchEvent]) -> JSONValue {
        .object(["events": .array(events.map(make))])
    }
}
