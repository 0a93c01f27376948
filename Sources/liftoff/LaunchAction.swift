import Foundation
import LiftoffKit
import LiftoffApplication
import LiftoffStore

/// The common path of every command that changes a launch: open, resolve, act as the token's
/// participant, decide and append (with retries), then say what was recorded.
enum LaunchAction {
    static func perform(_ database: DatabaseOptions, launch: String,
                        _ command: @escaping (LaunchState) throws -> LaunchCommand) async throws {
        let events = try await database.withStore { store in
            let id = try await LaunchReference.resolve(launch, in: store)
            let actor = try await database.requireActor(store, launch: id)
            let service = LaunchService(store: store)
            let state = try await CLIError.mapping { () throws(LaunchService.Failure) in try await service.state(id) }
            let resolved = try command(state)
            return try await CLIError.mapping { () throws(LaunchService.Failure) in
                try await service.execute(resolved, on: id, by: actor)
            }
        }
        for event in events {
            Terminal.note("recorded #\(event.seq) \(event.type)")
        }
    }
}
