import ArgumentParser
import Foundation
import LiftoffKit
import LiftoffStore

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute a launch's hash chain; name the first broken link (exit 1 when broken).",
        discussion: """
        A hash chain cannot see events cut off its end. --anchor proves the log still reaches a chain
        head seen earlier: every status update, notification and report carries one (SEQ:HASH).

          liftoff verify 1
          liftoff verify 1 --anchor report.json
          liftoff verify 1 --anchor 42:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
        """
    )

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "The launch: its number or name.")
    var launch: String

    @Option(help: "A chain head to hold the log to: SEQ:HASH, a bare hash, or a saved report or notification holding SEQ:HASH (repeatable).")
    var anchor: [String] = []

    func run() async throws {
        let anchors = try anchor.flatMap(Self.anchors)
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
        var failed = false
        for anchor in anchors {
            let finding = anchor.check(events)
            print("launch \(id): anchor \(anchor): \(finding.holds ? "holds" : "FAILS"): \(finding)")
            failed = failed || !finding.holds
        }
        if failed { throw CLIError(message: "", code: 1) }
        let head = ChainAnchor(seq: events.last?.seq ?? 0, hash: events.last?.hash ?? EventChain.genesis)
        print("launch \(id): \(events.count) events, chain verifies; head \(head.hash) (anchor \(head))")
    }

    /// `SEQ:HASH` or a bare hash as given, else every `SEQ:HASH` in the file of that name.
    static func anchors(_ value: String) throws -> [ChainAnchor] {
        if let anchor = ChainAnchor.parse(value) { return [anchor] }
        guard FileManager.default.fileExists(atPath: value) else {
            throw CLIError.input("--anchor \(value): neither SEQ:HASH, a 64-digit hash, nor a file")
        }
        let found = ChainAnchor.all(in: try InputFiles.readText(value, what: "anchor file"))
        guard !found.isEmpty else {
            throw CLIError.input("--anchor \(value): the file holds no chain anchor (SEQ:HASH); reports and notifications carry one")
        }
        return found
    }
}
