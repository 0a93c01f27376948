import ArgumentParser
import Foundation
import LiftoffKit
import LiftoffStore

struct DBCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Create or upgrade a database's schema; copy launches between databases; back a SQLite file up.",
        subcommands: [Migrate.self, Copy.self, Backup.self]
    )

    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the schema, or apply the migrations it lacks (running it again changes nothing).",
            discussion: """
              liftoff db migrate --db postgres://liftoff@db.internal:5432/liftoff?sslmode=require
              liftoff db migrate --db sqlite:./liftoff.db
            """
        )

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let location = try database.location()
            let applied = try await CLIError.mapping { () throws(StoreError) in try await location.migrate() }
            if applied.isEmpty {
                Terminal.note("\(location): schema up to date (version \(location.schemaVersion))")
            } else {
                Terminal.note("\(location): applied migration\(applied.count == 1 ? "" : "s") \(applied.map(String.init).joined(separator: ", ")); schema at version \(location.schemaVersion)")
            }
        }
    }

    struct Copy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy launches (events exactly as stored) and their users to another database, and verify them there.",
            discussion: """
            A launch already in the destination with the same events is left as it is; one with
            other content is never overwritten (exit 2). Each copied launch's hash chain is
            verified in the destination.

              liftoff db copy --from sqlite:./liftoff.db --to postgres://liftoff@db.internal/liftoff?sslmode=require
              liftoff db copy --from sqlite:./liftoff.db --to postgres://liftoff@db.internal/liftoff --launch 3
            """
        )

        @Option(help: "The source database (sqlite:PATH or postgres://…).")
        var from: String

        @Option(help: "The destination database; its schema is created when missing.")
        var to: String

        @Option(help: "Copy only this launch, by number or name (repeatable; default: all).")
        var launch: [String] = []

        func run() async throws {
            let source = try DatabaseOptions.location(from)
            let destination = try DatabaseOptions.location(to)
            guard source != destination else { throw CLIError.input("--from and --to name the same database (\(source))") }
            let report = try await DatabaseOptions.withStore(source) { from in
                var ids: [Int64]?
                if !launch.isEmpty {
                    var resolved: [Int64] = []
                    for reference in launch { resolved.append(try await LaunchReference.resolve(reference, in: from)) }
                    ids = resolved
                }
                return try await DatabaseOptions.withStore(destination, create: true) { to in
                    try await CLIError.mapping { () throws(StoreError) in try await StoreCopy.copy(from: from, to: to, launches: ids) }
                }
            }
            for id in report.copied { print("launch \(id): copied, chain verifies in \(destination)") }
            for id in report.alreadyPresent { print("launch \(id): already in \(destination) with the same events, chain verifies") }
            Terminal.note("\(report.copied.count) launch\(report.copied.count == 1 ? "" : "es") (\(report.events) events) copied, \(report.alreadyPresent.count) already there; users: \(report.usersCopied) copied, \(report.usersPresent) already there")
        }
    }

    struct Backup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy a SQLite database to a new file while it is in use, and verify every launch in the copy.",
            discussion: """
            The copy is one consistent moment of the database (SQLite's VACUUM INTO), taken while \
            `liftoff serve` and others keep writing. To restore, stop the server and put the copy \
            in place of the file (docs/operations.md, "Backups"). For PostgreSQL use pg_dump, or \
            `liftoff db copy --to sqlite:FILE`.

              liftoff db backup --db sqlite:/var/lib/liftoff/liftoff.db /backups/liftoff-$(date +%F).db
            """
        )

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "The new file to write (never overwritten).")
        var file: String

        func run() async throws {
            let location = try database.location()
            guard case .sqlite = location else {
                throw CLIError.input("\(location) is PostgreSQL: back it up with pg_dump, or copy its launches with `liftoff db copy --from \(location) --to sqlite:\(file)`")
            }
            let started = Date()
            let report = try await DatabaseOptions.withStore(location) { store in
                guard let sqlite = store as? SQLiteEventStore else { throw CLIError.input("\(location) is not a SQLite database") }
                return try await CLIError.mapping { () throws(StoreError) in try await sqlite.backup(to: file) }
            }
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int).flatMap { $0 } ?? 0
            print("\(file): \(report.launches) launch\(report.launches == 1 ? "" : "es"), \(report.events) events, every chain verifies")
            Terminal.note("backed up \(location) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s (\(size / 1024) KiB)")
        }
    }
}
