import Foundation
import LiftoffStore
import Testing

/// The built `liftoff` against PostgreSQL: `--db postgres://…`, `db migrate`, and a launch moved
/// from SQLite with `db copy`, verified and carried on there. Passwords never reach the output.
@Suite struct PostgresCLITests {
    @Test func launchMovesFromSQLiteToPostgresAndVerifies() async throws {
        try await StoreKind.postgres.withDatabase { db in
            guard case .postgres(var url) = db.location else { return }
            let dir = try TestEnvironment.temporaryDirectory()
            guard var cli = CLI(dir: dir) else { return }
            let sqlite = cli.db
            let e = TestEnvironment.example("go-live")
            #expect(try cli.run("launch", "create", e.runbook, "--vars", e.vars, "--at", "2026-12-01T09:00", "--tz", "Europe/Oslo", "--name", "shop").status == 0)
            let token = try cli.addUser("ada", roles: ["Release Manager"], admin: true)
            for i in 0..<3 { #expect(try cli.run("note", "add", "1", "note \(i)", token: token).status == 0) }

            // A password in the URL (ignored by the test server's trust auth) is never printed.
            url = try PostgresURL("postgres://\(url.username):hunter2@\(url.host):\(url.port)/\(url.database)?sslmode=disable")
            let postgres = "postgres://\(url.username):hunter2@\(url.host):\(url.port)/\(url.database)?sslmode=disable"
            var outputs: [TestEnvironment.Output] = []
            func run(_ arguments: String..., token: String? = nil) throws -> TestEnvironment.Output {
                cli.db = postgres
                let out = try cli.run(arguments, token: token)
                outputs.append(out)
                return out
            }

            let list = try run("launch", "list")
            #expect(list.status == 2, "no schema yet: \(list.stderr)")
            #expect(list.stderr.contains("liftoff db migrate"))
            let migrate = try run("db", "migrate")
            #expect(migrate.status == 0, "\(migrate.stderr)")
            #expect(migrate.stderr.contains("applied migrations 1, 2, 3, 4"), "\(migrate.stderr)")
            #expect(try run("db", "migrate").stderr.contains("schema up to date"))

            let copy = try run("db", "copy", "--from", sqlite, "--to", postgres)
            #expect(copy.status == 0, "\(copy.stderr)")
            #expect(copy.stdout.contains("launch 1: copied, chain verifies"))
            #expect(try run("db", "copy", "--from", sqlite, "--to", postgres, "--launch", "shop").stdout.contains("launch 1: already in"))
            let verify = try run("verify", "1")
            #expect(verify.status == 0, "\(verify.stderr)")
            #expect(verify.stdout.contains("launch 1: 5 events, chain verifies"))

            // The copied token works against PostgreSQL; the launch carries on there.
            #expect(try run("note", "add", "shop", "on postgres now", token: token).status == 0)
            let status = try run("launch", "status", "1", "--format", "json")
            #expect(status.status == 0)
            #expect(try run("log", "1").stdout.contains("on postgres now"))
            #expect(try run("launch", "list").stdout.contains("shop"))
            #expect(try run("verify", "1").status == 0)

            // Now the copies differ: copying again is refused, and nothing is overwritten.
            let refused = try run("db", "copy", "--from", sqlite, "--to", postgres)
            #expect(refused.status == 2)
            #expect(refused.stderr.contains("not overwritten"))

            cli.db = "postgres://ada:hunter2@127.0.0.1:1/nowhere?sslmode=disable"
            let unreachable = try cli.run("launch", "list")
            outputs.append(unreachable)
            #expect(unreachable.status == 3)
            #expect(unreachable.stderr.contains("cannot reach PostgreSQL at postgres://ada:***@127.0.0.1:1/nowhere"), "\(unreachable.stderr)")
            for out in outputs {
                #expect(!(out.stdout + out.stderr).contains("hunter2"))
            }
            try? FileManager.default.removeItem(at: dir)
        }
    }
}
