import Foundation
import Testing
@testable import LiftoffKit

/// Secrets are masked in every form they take on the way out, and before any cut.
@Suite("Secret masking")
struct SecretMaskerTests {
    static let secret = "S3cr#t/p@ss w'rd\"x"
    let masker = SecretMasker(secrets: [Self.secret])

    static func base64(_ s: String) -> String { Data(s.utf8).base64EncodedString() }

    @Test(arguments: [
        ("as is", secret),
        ("percent-encoded, upper hex", "S3cr%23t%2Fp%40ss%20w%27rd%22x"),
        ("percent-encoded, lower hex", "S3cr%23t%2fp%40ss%20w%27rd%22x"),
        ("form-encoded", "S3cr%23t%2Fp%40ss+w%27rd%22x"),
        ("partly encoded", "S3cr#t%2Fp@ss%20w'rd\"x"),
        ("JSON string", #"S3cr#t\/p@ss w'rd\"x"#),
        ("JSON with \\u escapes", #"S3cr#t/p@ss\u0020w\u0027rd\u0022x"#),
        ("shell backslashes", ##"S3cr\#t/p@ss\ w\'rd\"x"##),
        ("shell single quotes", #"S3cr#t/p@ss w'\''rd"x"#),
        ("base64 of the value", base64(secret)),
        ("base64 of user:password", base64("deploy:" + secret)),
        ("Basic auth header", "Authorization: Basic " + base64("ci-bot:" + secret)),
        ("base64url", base64("u:" + secret).replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")),
    ])
    func everyEncodedFormIsMasked(form: String, text: String) {
        let shown = masker.mask("before \(text) after")
        #expect(shown.contains("****"), "\(form): \(shown)")
        #expect(!shown.contains("S3cr"), "\(form): \(shown)")
        #expect(shown.hasPrefix("before ") && shown.hasSuffix(" after"), "\(form): only the secret goes: \(shown)")
    }

    @Test func aSecretInAURLIsMasked() {
        let url = "https://api.example.com/v1?token=S3cr%23t%2Fp%40ss%20w%27rd%22x&x=1"
        #expect(masker.mask(url) == "https://api.example.com/v1?token=****&x=1")
        let basic = "https://deploy:S3cr%23t%2fp%40ss%20w%27rd%22x@host/"
        #expect(masker.mask(basic) == "https://deploy:****@host/")
    }

    @Test func otherTextIsLeftAlone() {
        let text = "token=abc, base64 aGVsbG8gd29ybGQ=, 100% %2F"
        #expect(masker.mask(text) == text)
    }

    /// A secret at every position around a cut: what remains never holds a piece of it.
    @Test func aCutNeverLeavesAPrefix() {
        let secret = Array(Self.secret.utf8)
        for limit in [117, 64 * 1024] {
            for before in (limit - secret.count - 2)...(limit + 2) {
                let text = String(repeating: ".", count: before) + Self.secret + String(repeating: ".", count: 10)
                let cut = masker.safePrefix(text, maxBytes: limit)
                #expect(cut.utf8.count <= limit)
                #expect(!masker.mask(cut).contains("S3"), "secret at \(before), cut at \(limit): \(cut.suffix(20))")
                #expect(cut.utf8.count >= min(before, limit), "only the secret's bytes are dropped")
            }
        }
    }

    /// The excerpt of an observation (117 characters) is cut after masking.
    @Test func anExcerptIsMaskedBeforeItIsCut() {
        let check = Check(id: "c", kind: .command, target: .command("x"), assertions: [Assertion(subject: .stdout, op: .equal, expected: .text("never"), text: #"stdout == "never""#)], source: "")
        for at in 100...125 {
            let stdout = String(repeating: "a", count: at) + Self.secret + "tail"
            let result = CheckResult.evaluate(check, observation: .command(CommandObservation(exitCode: 0, stdout: stdout, stderr: "")), duration: 0, now: Date(), masker: masker).masked(by: masker)
            let observed = result.outcomes.map(\.observed).joined()
            #expect(!observed.contains("S3"), "secret at \(at): \(observed)")
        }
    }
}
