import Foundation
import LiftoffKit
@testable import LiftoffProbes
import Testing

/// Command output is cut at 64 KiB, and an event keeps its last 8 KiB: a secret printed across
/// either cut must not leave its first bytes behind (masking happens before any cut).
@Suite("masking before cutting")
struct MaskBeforeCutTests {
    static let secret = "S3cr3t-t0ken-value-42"

    /// Newlines up to just before the 64 KiB cut, then the secret: the last line shown of
    /// stderr would be the secret's first `k` bytes if the cut came first.
    @Test(arguments: [1, 2, 4, 8, 16, 20])
    func aSecretAcrossTheOutputLimitOfACheck(k: Int) async throws {
        let before = CommandRunner.outputLimit - k
        let result = try await Probing.run(#"check command "head -c \#(before) /dev/zero | tr '\\0' '\\n' >&2; printf %s {{TOKEN}} >&2; exit 3" expect exit == 0"#,
                                           ["TOKEN": "env:LIFTOFF_TEST_CUT_TOKEN"], environment: ["LIFTOFF_TEST_CUT_TOKEN": Self.secret, "PATH": "/usr/bin:/bin"])
        #expect(result.status == .fail)
        #expect(!"\(result)".contains("S3"), "k = \(k): \(result.summary)")
    }

    @Test(arguments: [1, 2, 4, 8, 16, 20])
    func aSecretAcrossTheOutputLimitOfARollbackCommand(k: Int) async throws {
        let before = CommandRunner.outputLimit - k
        var vars = LaunchVariables(values: ["TOKEN": "env:LIFTOFF_TEST_CUT_TOKEN"])
        vars.passEnvironment = []
        let prepared = PreparedCommand("head -c \(before) /dev/zero | tr '\\0' .; printf %s {{TOKEN}}; echo", variables: vars,
                                       environment: ["LIFTOFF_TEST_CUT_TOKEN": Self.secret, "PATH": "/usr/bin:/bin"])
        let ran = await ActionRunner.run(prepared, purpose: .rollback, step: "s", timeout: 20)
        #expect(ran.exitCode == 0, "\(ran.error ?? "")")
        let output = try #require(ran.output)
        #expect(!output.contains("S3"), "k = \(k): …\(output.suffix(40))")
        #expect(output.utf8.count <= ActionRunner.recordedOutputLimit + "…".utf8.count)
    }

    /// Within the limits the secret is masked whole, in its encoded forms too.
    @Test func aSecretInAURLIsMaskedInTheRecord() async throws {
        let secret = "p@ss/w0rd"
        let prepared = PreparedCommand(#"printf 'GET https://api.example.com/?t=%s\n' "$(printf %s {{TOKEN}} | sed 's/@/%40/; s/\//%2f/')""#,
                                       variables: LaunchVariables(values: ["TOKEN": "env:LIFTOFF_TEST_URL_TOKEN"]),
                                       environment: ["LIFTOFF_TEST_URL_TOKEN": secret, "PATH": "/usr/bin:/bin"])
        let ran = await ActionRunner.run(prepared, purpose: .rollback, step: "s", timeout: 20)
        #expect(ran.output == "GET https://api.example.com/?t=****\n", "\(ran.output ?? ran.error ?? "")")
    }
}
