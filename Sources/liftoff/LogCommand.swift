import ArgumentParser
import Foundation
import LiftoffKit
import LiftoffStore

struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Print a launch's audit trail: every event with its time, actor and hash.",
        discussion: """
          liftoff log 1
          liftoff log 1 --format json > audit.json
        """
    )

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "The launch: its number or name.")
    var launch: String

    @Option(help: "text or json (every event as stored: the hashed fields plus the hash).")
    var format: OutputFormat = .text

    func run() async throws {
        let events = try await database.withStore { store in
            let id = try await LaunchReference.resolve(launch, in: store)
            return try await CLIError.mapping { () throws(StoreError) in try await store.read(id, from: 1) }
        }
        switch format {
        case .json:
            let rows: [JSONValue] = events.map {
                guard case .object(var fields) = $0.canonicalBody else { return .null }
                fields["hash"] = .string($0.hash)
                return .object(fields)
            }
            print(CanonicalJSON.string(.array(rows)))
        case .text:
            // Summaries come from the projection; a log that does not fold still prints raw.
            var summaries: [Int: String] = [:]
            if let state = try? LaunchState.fold(events) {
                for item in state.activity { summaries[item.seq] = item.summary }
            }
            for event in events {
                let summary = summaries[event.seq] ?? CanonicalJSON.string(event.payload)
                print("\(String(event.seq).padded(5)) \(CanonicalTime.string(event.time))  \(event.actor.padded(16)) \(event.type.padded(18)) \(summary)  \(event.hash.prefix(12))")
            }
        }
    }
}
