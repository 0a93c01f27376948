import Foundation
import Testing

/// Runs the built `liftoff` against one database file.
struct CLI {
    var binary: URL
    var db: String
    var token: String?

    init?(dir: URL) {
        guard let binary = TestEnvironment.liftoffBinary else {
            TestEnvironment.unavailable("the built liftoff binary (swift build first)")
            return nil
        }
        self.binary = binary
        db = "sqlite:" + dir.appendingPathComponent("l.db").path
    }

    @discardableResult
    func run(_ arguments: String..., token: String? = nil) throws -> TestEnvironment.Output {
        try run(arguments, token: token)
    }

    @discardableResult
    func run(_ arguments: [String], token: String? = nil) throws -> TestEnvironment.Output {
        var env = ["LIFTOFF_DB": db, "NO_COLOR": "1"]
        if let token = token ?? self.token { env["LIFTOFF_TOKEN"] = token }
        return try TestEnvironment.run(binary, arguments, environment: env)
    }

    /// `liftoff user add …`; returns the printed token.
    func addUser(_ name: String, roles: [String], admin: Bool = false, launch: String? = nil) throws -> String {
        var args = ["user", "add", name]
        for role in roles { args += ["--role", role] }
        if admin { args.append("--admin") }
        if let launch { args += ["--launch", launch] }
        let out = try TestEnvironment.run(binary, args, environment: ["LIFTOFF_DB": db])
        #expect(out.status == 0, "\(out.stderr)")
        return out.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func eventCount(_ launch: String = "1") throws -> Int {
        let out = try run("log", launch, "--format", "json")
        return out.stdout.components(separatedBy: "\"seq\":").count - 1
    }
}
