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
        try Self.refuseFreeze(t0: t0, zone: zone, runbookFile: runbookFile, runbookSource: runbookSource, variables: variables)
        self.name = trimmed
        created = LaunchCreated(name: trimmed, runbookFile: runbookFile, runbookSource: runbookSource, t0: t0,
                                timeZone: zone.identifier, mode: mode, variables: variables)
    }

    /// A T-0 inside one of the launch's own freeze windows (vars file or front matter) is refused,
    /// as `launch reschedule` refuses it and `plan` reports it (docs/launches.md, "Holds and freezes").
    static func refuseFreeze(t0: Date, zone: TimeZone, runbookFile: String, runbookSource: String, variables: LaunchVariables?) throws(Refusal) {
        guard !(variables?.freeze ?? []).isEmpty || runbookSource.contains("freeze") else { return }
        let runbook = RunbookExtractor.extract(runbookSource, file: runbookFile)
        for written in FreezeWindows.texts(variables: variables, runbook: runbook) {
            guard let freeze = try? FreezeWindow.parse(written.text, timeZone: zone), freeze.contains(t0) else { continue }
            throw Refusal(.invalid, "T-0 \(Schedule.iso8601(t0, timeZone: zone)) is inside the freeze \(freeze.text)",
                          hint: "pick a T-0 outside the freeze, or leave the freeze out of this launch's vars file")
        }
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
