import ArgumentParser
import Foundation
import LiftoffKit
import LiftoffStore

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute a launch's hash chain; name the first broken link (exit 1 when broken).",
        discussion: "  liftoff verify 1"
    )

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "The launch: its number or name.")
    var launch: String

    func run() async throws {
        let (id, events) = try await database.withStore { store in
            let id = try await LaunchReference.resolve(launch, in: store)
            return (id, try await CLIError.mapping { () throws(StoreError) in try await store.read(id, from: 1) })
        }
        if let broken = EventChain.verify(events) {
            print("launch \(id): chain broken at seq \(broken.seq): \(broken.reason)")
            throw CLIError(message: "", code: 1)
        }
        let runbook = events.first.flatMap { try? $0.decode(LaunchCreated.self) }
        let sourceOK = runbook.map { EventChain.sha256Hex($0.runbookSource) == $0.runbookSHA256 } ?? false
        guard sourceOK else {
            print("launch \(id): the stored runbook text does not match its SHA-256 in event 1")
            throw CLIError(message: "", code: 1)
        }
        print("launch \(id): \(events.count) events, chain verifies; head \(events.last?.hash ?? EventChain.genesis)")
    }
}
