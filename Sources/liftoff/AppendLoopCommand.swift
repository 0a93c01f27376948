import ArgumentParser
import Foundation
import LiftoffKit
import LiftoffApplication
import LiftoffStore

/// Test support for crash safety: appends notes forever and prints each seq only after its
/// append returned (was durable). A test kills it with SIGKILL and checks every printed seq.
struct AppendLoopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "_append-loop", abstract: "Test support.", shouldDisplay: false)

    @OptionGroup var database: DatabaseOptions

    @Argument var launch: Int64

    @Option var count: Int = .max

    func run() async throws {
        let actor = LaunchActor(name: "append-loop", roles: ["tester"], admin: false)
        try await database.withStore { store in
            let service = LaunchService(store: store)
            for i in 0..<count {
                let events = try await CLIError.mapping { () throws(LaunchService.Failure) in
                    try await service.execute(.addNote("tick \(i)"), on: launch, by: actor)
                }
                for event in events {
                    FileHandle.standardOutput.write(Data("\(event.seq)\n".utf8))
                }
            }
        }
    }
}
