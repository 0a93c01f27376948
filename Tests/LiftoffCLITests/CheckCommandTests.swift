import Foundation
import LiftoffTestSupport
import Testing

/// `liftoff check` end to end: the built binary against the example sandbox
/// (examples/checks/sandbox.py: Python's HTTPS server with an openssl-made CA) on 127.0.0.1.
@Suite(.serialized) struct CheckCommandTests {
    static let python = "/usr/bin/python3"
    static var canRunSandbox: Bool {
        FileManager.default.isExecutableFile(atPath: python) && FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")
    }

    @Test func sandboxToolsAreInstalledInCI() {
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            #expect(Self.canRunSandbox, "CI needs python3 and openssl for the check sandbox")
        }
    }

    /// Starts the sandbox on free ports and writes a vars file for it.
    private func withSandbox(releaseSHA: String = "4f2a9c1e", _ body: (URL) throws -> Void) throws {
        let dir = try LiftoffBinary.temporaryDirectory()
        let ports = try ProcessRunner.run(URL(fileURLWithPath: Self.python), ["-c", """
        import socket
        a, b = socket.socket(), socket.socket()
        a.bind(("127.0.0.1", 0)); b.bind(("127.0.0.1", 0))
        print(a.getsockname()[1], b.getsockname()[1])
        """]).stdout.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        guard ports.count == 2 else { Issue.record("no free ports"); return }
        let sandbox = Process()
        sandbox.executableURL = URL(fileURLWithPath: Self.python)
        sandbox.arguments = ["examples/checks/sandbox.py", "--https-port", "\(ports[0])", "--http-port", "\(ports[1])"]
        sandbox.currentDirectoryURL = Repository.root
        var env = ProcessInfo.processInfo.environment
        env["ACME_API_TOKEN"] = "cli-test-token"
        sandbox.environment = env
        let out = Pipe()
        sandbox.standardOutput = out
        sandbox.standardError = FileHandle.nullDevice
        try sandbox.run()
        // SIGKILL: a child of the test runner may inherit a mask that blocks SIGTERM.
        defer {
            kill(sandbox.processIdentifier, SIGKILL)
            sandbox.waitUntilExit()
        }
        // The sandbox prints one line once both servers listen.
        _ = out.fileHandleForReading.availableData
        let vars = dir.appendingPathComponent("vars.yaml")
        try """
        DOMAIN: localhost
        HTTPS_PORT: "\(ports[0])"
        BASE_URL: https://localhost:\(ports[0])
        HTTP_URL: http://127.0.0.1:\(ports[1])
        CA_FILE: examples/checks/sandbox/ca.pem
        RELEASE_SHA: \(releaseSHA)
        SSL_OWNER: Platform Team
        API_TOKEN: env:ACME_API_TOKEN
        prometheus: http://127.0.0.1:\(ports[1])/prom
        """.write(to: vars, atomically: true, encoding: .utf8)
        try body(vars)
    }

    @Test(.enabled(if: canRunSandbox, "skipping: python3 or openssl missing"))
    func certificateChecksPassAndWriteJUnit() throws {
        try withSandbox { vars in
            let junit = vars.deletingLastPathComponent().appendingPathComponent("checks.xml")
            let r = try LiftoffBinary.run(["check", "examples/checks/runbook.md", "--vars", vars.path, "--only", "SSL Certificates",
                                           "--format", "junit", "--output", junit.path], environment: ["ACME_API_TOKEN": "cli-test-token"])
            #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
            guard r.status == 0 else { return }
            let xml = try String(contentsOf: junit, encoding: .utf8)
            #expect(xml.contains("tests=\"4\" failures=\"0\" errors=\"0\""))
            #expect(xml.contains("Certificate expiry &gt; 90 days from go-live date"))
        }
    }

    @Test(.enabled(if: canRunSandbox, "skipping: python3 or openssl missing"))
    func aWrongReleaseFailsWithTheObservedValueAndSecretsStayMasked() throws {
        try withSandbox(releaseSHA: "deadbeef") { vars in
            let r = try LiftoffBinary.run(["check", "examples/checks/runbook.md", "--vars", vars.path, "--only", "Smoke Test Checklist"],
                                          environment: ["ACME_API_TOKEN": "cli-test-token"])
            #expect(r.status == 1)
            #expect(r.stdout.contains("expected json \"$.data.sha\" == \"deadbeef\", observed \"4f2a9c1e\""), "\(r.stdout)")
            #expect(!(r.stdout + r.stderr).contains("cli-test-token"))
        }
    }

    @Test func dryRunListsWithoutProbing() throws {
        let r = try LiftoffBinary.run(["check", "examples/checks/runbook.md", "--vars", "examples/checks/vars.yaml", "--dry-run"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("tls localhost:8443"))
    }

    @Test func unreadableVarsAreInputErrors() throws {
        let r = try LiftoffBinary.run(["check", "examples/checks/runbook.md", "--vars", "no/such/vars.yaml"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("cannot read vars file 'no/such/vars.yaml'"))
    }
}
