import Foundation
import LiftoffApplication
import LiftoffKit
import LiftoffStore
import LiftoffTestSupport
import Testing

/// `liftoff db backup` while the database is busy: 50 writers keep appending to 10 launches
/// over their own connections while the backup runs, and every launch of the copy verifies
/// (by the store and by `liftoff verify`, as an operator would check a backup).
@Suite(.serialized) struct SQLiteBackupTests {
    @Test(.timeLimit(.minutes(4))) func aBackupTakenDuringFiftyWritersVerifiesLaunchByLaunch() async throws {
        let dir = try TestEnvironment.temporaryDirectory()
        let path = dir.appendingPathComponent("l.db").path
        let setup = try await SQLiteEventStore.open(path: path, create: true)
        var launches: [Int64] = []
        for i in 0..<10 {
            launches.append(try await setup.createLaunch(name: "launch-\(i)", created: TestEnvironment.createdDraft(name: "launch-\(i)")).launch)
        }
        await setup.close()

        // Ten connections (as ten processes would hold), five writers on each.
        var connections: [SQLiteEventStore] = []
        for _ in 0..<10 { connections.append(try await SQLiteEventStore.open(path: path, create: false)) }
        let (stores, ids) = (connections, launches)
        let writers = Task {
            try await withThrowingTaskGroup(of: Int.self) { group in
                for writer in 0..<50 {
                    let store = stores[writer % stores.count]
                    let launch = ids[writer % ids.count]
                    group.addTask {
                        let service = LaunchService(store: store)
                        let actor = LaunchActor(name: "writer-\(writer)", roles: ["tester"], admin: false)
                        for i in 0..<30 { _ = try await service.execute(.addNote("writer \(writer) note \(i)"), on: launch, by: actor) }
                        return 30
                    }
                }
                return try await group.reduce(0, +)
            }
        }
        try await Task.sleep(for: .milliseconds(400))

        // One backup through the CLI, one through the store, both while the writers run.
        let cliCopy = dir.appendingPathComponent("cli-backup.db").path
        let apiCopy = dir.appendingPathComponent("api-backup.db").path
        var cliOutput: ProcessOutput?
        if let binary = TestEnvironment.liftoffBinary {
            cliOutput = try await ProcessRunner.runOffPool(binary, ["db", "backup", "--db", "sqlite:" + path, cliCopy], removing: ["LIFTOFF_DB"])
        } else {
            TestEnvironment.unavailable("the built liftoff binary")
        }
        let report = try await connections[0].backup(to: apiCopy)
        let written = try await writers.value
        for connection in connections { await connection.close() }
        #expect(written == 50 * 30)

        let source = try await SQLiteEventStore.open(path: path, create: false)
        let finalEvents = try await source.launches().map(\.lastSeq).reduce(0, +)
        await source.close()
        #expect(report.launches == 10)
        #expect(report.events > 10 && report.events < finalEvents, "taken mid-way: \(report.events) of \(finalEvents) events")

        for copy in [apiCopy] + (cliOutput == nil ? [] : [cliCopy]) {
            let store = try await SQLiteEventStore.open(path: copy, create: false)
            let summaries = try await store.launches()
            #expect(summaries.map(\.id).sorted() == launches.sorted(), "\(copy): every launch is there")
            for summary in summaries {
                let events = try await store.read(summary.id, from: 1)
                #expect(EventChain.verify(events) == nil, "\(copy) launch \(summary.id)")
                #expect(events.count == summary.lastSeq)
            }
            await store.close()
        }
        if let cliOutput, let binary = TestEnvironment.liftoffBinary {
            #expect(cliOutput.status == 0, "\(cliOutput.stderr)")
            #expect(cliOutput.stdout.contains("10 launches") && cliOutput.stdout.contains("every chain verifies"), "\(cliOutput.stdout)")
            for launch in launches {
                let verified = try TestEnvironment.run(binary, ["verify", String(launch), "--db", "sqlite:" + cliCopy])
                #expect(verified.status == 0 && verified.stdout.contains("chain verifies"), "\(verified.stdout)\(verified.stderr)")
            }
        }
    }

    @Test func aBackupNeverOverwritesAndPostgresIsSentToItsOwnTools() async throws {
        let dir = try TestEnvironment.temporaryDirectory()
        let (store, _) = try await TestEnvironment.storeWithLaunch(dir)
        let existing = dir.appendingPathComponent("taken.db").path
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: existing))
        await #expect(throws: StoreError.self) { _ = try await store.backup(to: existing) }
        await store.close()
        #expect(try String(contentsOfFile: existing, encoding: .utf8) == "keep me")

        guard let binary = TestEnvironment.liftoffBinary else { return TestEnvironment.unavailable("the built liftoff binary") }
        let postgres = try TestEnvironment.run(binary, ["db", "backup", "--db", "postgres://liftoff@127.0.0.1:1/liftoff", dir.appendingPathComponent("pg.db").path])
        #expect(postgres.status == 2 && postgres.stderr.contains("pg_dump"), "\(postgres.stderr)")
    }
}
