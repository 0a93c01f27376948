import Foundation

/// A launch about to be created, checked the same way whoever asks (`liftoff launch create`,
/// `POST /api/v1/launches`): a name that is not a number, a readable T-0 in a known zone.
public struct NewLaunch: Hashable, Sendable {
    public var name: String
    public var created: LaunchCreated

    public init(name: String, runbookFile: String, runbookSource: String, at: String, timeZone: String,
                mode: LaunchMode, variables: LaunchVariables?) throws(Refusal) {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, Int64(trimmed) == nil else {
            throw Refusal(.invalid, "a launch name must be non-empty text that is not a number (launches are named by number or name)")
        }
        let (t0, zone) = try Self.resolveTime(at: at, timeZone: timeZone)
        self.name = trimmed
        created = LaunchCreated(name: trimmed, runbookFile: runbookFile, runbookSource: runbookSource, t0: t0,
                                timeZone: zone.identifier, mode: mode, variables: variables)
    }

    /// T-0 as an instant, read in `timeZone` unless it carries an offset.
    public static func resolveTime(at: String, timeZone: String) throws(Refusal) -> (t0: Date, zone: TimeZone) {
        guard let zone = TimeZone(identifier: timeZone) else {
            throw Refusal(.invalid, "unknown time zone '\(timeZone)'; use an IANA name such as Europe/Oslo or America/New_York")
        }
        guard let t0 = Schedule.parseLocalDateTime(at, timeZone: zone) else {
            throw Refusal(.invalid, "cannot read the T-0 '\(at)'; write it as 2026-12-01T09:00 (optionally with +01:00 or Z)")
        }
        return (t0, zone)
    }
}
