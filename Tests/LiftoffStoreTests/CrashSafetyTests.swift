import Foundation
import LiftoffKit
import LiftoffStore
import LiftoffTestSupport
import Testing

@Suite struct CrashSafetyTests {
    /// A child appends in a loop and prints each seq after its append returned; SIGKILL at random
    /// moments must never lose a printed seq or break the chain.
    @Test func acknowledgedAppendsSurviveSIGKILL() async throws {
        let dir = try TestEnvironment.temporaryDirectory()
        guard let binary = ProcessRunner.builtExecutable("liftoff-append-loop") else { return TestEnvironment.unavailable("the built liftoff-append-loop test executable") }
        let (store, launch) = try await TestEnvironment.storeWithLaunch(dir)
        await store.close()
        let path = dir.appendingPathComponent("l.db").path
        var generator = SystemRandomNumberGenerator()
        var acknowledged: [Int] = []
        for round in 0..<20 {
            let process = Process()
            process.executableURL = binary
            process.arguments = [path, String(launch)]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            try await Task.sleep(for: .milliseconds(Int.random(in: 150...600, using: &generator)))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let printed = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            // Only whole lines count: a seq cut off mid-write was not reported.
            let lines = printed.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            acknowledged += lines.compactMap { Int($0) }

            let check = try await SQLiteEventStore.open(path: path, create: false)
            let events = try await check.read(launch, from: 1)
            await check.close()
            #expect(EventChain.verify(events) == nil, "round \(round): chain verifies")
            let stored = Set(events.map(\.seq))
            let lost = acknowledged.filter { !stored.contains($0) }
            #expect(lost.isEmpty, "round \(round): acknowledged but lost: \(lost)")
        }
        #expect(!acknowledged.isEmpty, "the child appended something before being killed")
    }
}
