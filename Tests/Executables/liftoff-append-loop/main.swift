import Foundation
import LiftoffApplication
import LiftoffKit
import LiftoffStore

// Test support, never shipped (CrashSafetyTests): appends notes to a launch in a SQLite file
// forever and prints each seq only after its append returned (was durable). The test kills it
// with SIGKILL at random moments and checks that every printed seq is in the log.
//
//   liftoff-append-loop PATH LAUNCH [COUNT]

let arguments = CommandLine.arguments.dropFirst()
guard arguments.count >= 2, let launch = Int64(arguments[arguments.startIndex + 1]) else {
    FileHandle.standardError.write(Data("usage: liftoff-append-loop SQLITE-PATH LAUNCH [COUNT]\n".utf8))
    exit(2)
}
let path = arguments[arguments.startIndex]
let count = arguments.count > 2 ? Int(arguments[arguments.startIndex + 2]) ?? .max : .max

do {
    let store = try await SQLiteEventStore.open(path: path, create: false)
    let service = LaunchService(store: store)
    let actor = LaunchActor(name: "append-loop", roles: ["tester"], admin: false)
    for i in 0..<count {
        for event in try await service.execute(.addNote("tick \(i)"), on: launch, by: actor) {
            FileHandle.standardOutput.write(Data("\(event.seq)\n".utf8))
        }
    }
    await store.close()
} catch {
    FileHandle.standardError.write(Data("liftoff-append-loop: \(error)\n".utf8))
    exit(3)
}
