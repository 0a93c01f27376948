import Testing
@testable import LiftoffKit

@Suite("Shell quoting of variables")
struct ShellQuotingTests {
    let values = ["X": "a b'c$(id)", "HOST": "db.internal"]

    @Test func unquotedBecomesOneSingleQuotedWord() {
        #expect(ShellQuoting.substitute("echo {{X}}", values) == #"echo 'a b'\''c$(id)'"#)
    }

    @Test func insideSingleQuotesClosesAndReopens() {
        #expect(ShellQuoting.substitute("echo 'x{{HOST}}y'", values) == "echo 'x''db.internal''y'")
    }

    @Test func insideDoubleQuotesEscapesExpansion() {
        #expect(ShellQuoting.substitute(#"echo "v={{X}}""#, values) == #"echo "v=a b'c\$(id)""#)
    }

    @Test func unknownAndTemplateSyntaxStay() {
        #expect(ShellQuoting.substitute("echo {{ .Values.x }} {{NOPE}} ${HOME}", values) == "echo {{ .Values.x }} {{NOPE}} ${HOME}")
    }
}
