import LiftoffKit
import LiftoffStore

/// A launch as named on the command line: its number, or its name.
enum LaunchReference {
    static func resolve(_ text: String, in store: any EventStore) async throws(CLIError) -> Int64 {
        if let id = Int64(text), id > 0 {
            let known = try await CLIError.mapping { () throws(StoreError) in try await store.read(id, from: 1).first }
            guard known != nil else { throw .input("no launch \(id) in \(store.location); liftoff launch list shows the launches") }
            return id
        }
        if let id = try await CLIError.mapping({ () throws(StoreError) in try await store.launchID(named: text) }) { return id }
        throw .input("no launch '\(text)' in \(store.location); name it by number or name (liftoff launch list)")
    }
}
