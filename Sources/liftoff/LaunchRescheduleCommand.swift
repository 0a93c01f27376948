import ArgumentParser
import Foundation
import LiftoffApplication
import LiftoffKit
import LiftoffRender

struct LaunchRescheduleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reschedule",
        abstract: "Move T-0 (a slip), with a reason (admins only); windows, due times and reminders move with it.",
        discussion: """
        --at is read in the launch's time zone unless it carries an offset. With --ics the launch's
        calendar is written again: each event keeps its UID and its SEQUENCE rises, so calendars
        that imported it update in place.

          liftoff launch reschedule 1 --at 2026-12-02T09:00 --reason "vendor fix lands tomorrow" --ics launch.ics
        """
    )

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "The launch: its number or name.")
    var launch: String

    @Option(help: "The new T-0, e.g. 2026-12-02T09:00.")
    var at: String

    @Option(help: "Why T-0 moves (recorded and posted as a status update).")
    var reason: String

    @Option(help: "Also write the launch's calendar (iCalendar) to this file.")
    var ics: String?

    func run() async throws {
        try await LaunchAction.perform(database, launch: launch) { state in
            guard let t0 = Schedule.parseLocalDateTime(at, timeZone: state.timeZone) else {
                throw CLIError.input("cannot read --at '\(at)'; write it as 2026-12-02T09:00 (optionally with +01:00 or Z)")
            }
            return .reschedule(t0: t0, reason: reason)
        }
        if let ics { try await LaunchCalendarCommand.write(database, launch: launch, to: ics) }
    }
}

struct LaunchCalendarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "The launch's calendar (iCalendar): one event per phase, gate and timed step at the current T-0.",
        discussion: "  liftoff launch calendar 1 --output launch.ics"
    )

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "The launch: its number or name.")
    var launch: String

    @Option(help: "Write to this file instead of standard output.")
    var output: String?

    func run() async throws {
        if let output {
            try await Self.write(database, launch: launch, to: output)
        } else {
            print(try await Self.calendar(database, launch: launch), terminator: "")
        }
    }

    static func calendar(_ database: DatabaseOptions, launch: String) async throws -> String {
        let state = try await database.withStore { store in
            let id = try await LaunchReference.resolve(launch, in: store)
            return try await CLIError.mapping { () throws(LaunchService.Failure) in try await LaunchService(store: store).state(id) }
        }
        return state.calendar(stamp: Date())
    }

    static func write(_ database: DatabaseOptions, launch: String, to path: String) async throws {
        let text = try await calendar(database, launch: launch)
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw CLIError.input("cannot write '\(path)': \(error.localizedDescription)")
        }
        Terminal.note("wrote \(path)")
    }
}
