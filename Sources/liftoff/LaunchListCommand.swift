import ArgumentParser
import Foundation
import LiftoffKit
import LiftoffStore

struct LaunchListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the launches in the database.")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    func run() async throws {
        let summaries = try await database.withStore { store in
            try await CLIError.mapping { () throws(StoreError) in try await store.launches() }
        }
        switch format {
        case .json:
            let rows: [JSONValue] = summaries.map {
                .object(["id": .int($0.id), "name": .string($0.name), "createdAt": .string(CanonicalTime.string($0.createdAt)),
                         "events": .int(Int64($0.lastSeq)), "lastEvent": .string($0.lastType), "lastTime": .string(CanonicalTime.string($0.lastTime))])
            }
            print(CanonicalJSON.string(.array(rows)))
        case .text:
            if summaries.isEmpty { Terminal.note("no launches yet; liftoff launch create RUNBOOK.md --at … --name … makes one") }
            for s in summaries {
                print("\(String(s.id).padded(4)) \(s.name.padded(24)) \(String(s.lastSeq).padded(6)) events  last \(s.lastType) \(CanonicalTime.string(s.lastTime))")
            }
        }
    }
}

extension String {
    func padded(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
