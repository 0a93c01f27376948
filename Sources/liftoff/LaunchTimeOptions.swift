import ArgumentParser
import Foundation
import LiftoffKit

/// `--at` and `--tz`: the T-0 of a launch or a plan, read in the launch time zone.
struct LaunchTimeOptions: ParsableArguments {
    @Option(help: "T-0, e.g. 2026-12-01T09:00 (local time in --tz unless it has an offset).")
    var at: String

    @Option(help: "The launch time zone, e.g. Europe/Oslo.")
    var tz: String = TimeZone.current.identifier

    func validate() throws {
        guard TimeZone(identifier: tz) != nil else {
            throw ValidationError("unknown time zone '\(tz)'; use an IANA name such as Europe/Oslo or America/New_York")
        }
    }

    /// T-0 as an instant, and its zone.
    func resolve() throws(CLIError) -> (t0: Date, zone: TimeZone) {
        guard let zone = TimeZone(identifier: tz) else {
            throw .input("unknown time zone '\(tz)'; use an IANA name such as Europe/Oslo or America/New_York")
        }
        guard let t0 = Schedule.parseLocalDateTime(at, timeZone: zone) else {
            throw .input("cannot read --at '\(at)'; write it as 2026-12-01T09:00 (optionally with +01:00 or Z)")
        }
        return (t0, zone)
    }
}
