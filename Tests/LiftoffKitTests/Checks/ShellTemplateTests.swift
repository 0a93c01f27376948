import Testing
@testable import LiftoffKit

/// Where the shell lexer places each `{{NAME}}`, and what `ShellTemplate` makes of it.
@Suite("Shell lexer and templates")
struct ShellTemplateTests {
    func context(_ command: String) -> ShellLexer.Context? {
        ShellLexer.placeholders(in: command).first?.context
    }

    func role(_ command: String) -> ShellLexer.Role? {
        ShellLexer.placeholders(in: command).first?.role
    }

    @Test(arguments: [
        ("echo {{X}}", ShellLexer.Context.word),
        ("echo \"a {{X}}\"", .doubleQuoted),
        ("echo 'a {{X}}'", .singleQuoted),
        ("echo $'a {{X}}'", .ansiCQuoted),
        ("echo hi # it's {{X}}", .comment),
        ("# don't\necho {{X}}", .word),
        ("echo \"$(printf %s {{X}})\"", .word),
        ("echo \"$(printf %s \"{{X}}\")\"", .doubleQuoted),
        ("x=`printf %s {{X}}`", .word),
        ("echo \"`printf %s {{X}}`\"", .unsure("inside backticks within double quotes")),
        ("echo ${A:-{{X}}}", .parameterExpansion),
        ("echo $(( {{X}} + 1 ))", .arithmetic),
        ("(( {{X}} > 1 ))", .arithmetic),
        ("cat <<EOF\n{{X}}\nEOF", .hereDocument(expanding: true)),
        ("cat <<'EOF'\n{{X}}\nEOF", .hereDocument(expanding: false)),
        ("cat <<\"EOF\"\n{{X}}\nEOF", .hereDocument(expanding: false)),
        ("cat <<-E\n\t{{X}}\n\tE\necho done", .hereDocument(expanding: true)),
        ("cat <<EOF\n{{X}}", .unsure("an unterminated here-document")),
        ("echo 'open {{X}}", .unsure("an unterminated single quote")),
        ("echo \\'{{X}}", .word),
        ("echo \"it's\" {{X}}", .word),
        ("echo $(echo ')' ) {{X}}", .word),
    ])
    func contextOfEachPosition(command: String, expected: ShellLexer.Context) {
        #expect(context(command) == expected, "\(command)")
    }

    @Test func aHereDocumentBodyEndsAtItsDelimiterAndTheCommandGoesOn() {
        let found = ShellLexer.placeholders(in: "cat <<'EOF'\n{{A}} it's\nEOF\necho {{B}}")
        #expect(found.map(\.context) == [.hereDocument(expanding: false), .word])
        #expect(found.map(\.line) == [1, 3])
    }

    @Test(arguments: [
        ("{{X}} --version", ShellLexer.Role.commandName),
        ("A=1 {{X}}", .commandName),
        ("eval {{X}}", .code("an argument of eval")),
        ("bash -c \"echo {{X}}\"", .code("the script of bash -c")),
        ("/bin/sh -ec 'echo {{X}}'", .code("the script of sh -c")),
        ("kubectl exec pod -- sh -c \"echo {{X}}\"", .code("the script of sh -c")),
        ("sh -c 'echo \"$1\"' sh {{X}}", .data),
        ("ssh host uptime {{X}}", .code("the remote command of ssh (ssh passes its arguments to a shell)")),
        ("bash <<EOF\necho {{X}}\nEOF", .code("a here-document read by bash")),
        ("[[ {{X}} -eq 1 ]]", .arithmeticTest),
        ("[[ {{X}} == a ]]", .data),
        ("echo \"$(bash -c {{X}})\"", .code("the script of bash -c")),
        ("bash -c \"echo $(printf %s {{X}})\"", .code("the script of bash -c")),
        ("printf '%s' {{X}} | sh", .code("piped into sh")),
        ("printf '%s' {{X}} | grep -q a || sh -c 'echo no'", .data),
        ("printf '%s' a >&2 {{X}}", .data),
        ("echo {{X}} | cat\necho y | sh", .data),
    ])
    func roleOfEachPosition(command: String, expected: ShellLexer.Role) {
        #expect(role(command) == expected, "\(command)")
    }

    @Test func referencesReplacePlaceholdersByContext() {
        let t = ShellTemplate("echo {{X}} \"v={{X}}\" 'w={{Y}}' # {{Z}}\ncat <<EOF\n{{X}}\nEOF")
        #expect(t.problems.isEmpty)
        #expect(t.script == "echo \"${LIFTOFF_VAR_X}\" \"v=${LIFTOFF_VAR_X}\" 'w='\"${LIFTOFF_VAR_Y}\"'' # {{Z}}\ncat <<EOF\n${LIFTOFF_VAR_X}\nEOF")
        #expect(t.names == ["X", "Y"])
        #expect(t.environment(["X": "a", "Y": "b", "Z": "c"]) == ["LIFTOFF_VAR_X": "a", "LIFTOFF_VAR_Y": "b"])
        #expect(t.unfilled(["X": "a"]) == ["Y"])
    }

    @Test func unsafePlacesAreProblemsWithLineAndColumn() throws {
        let t = ShellTemplate("echo ok\ncat <<'EOF'\n  {{X}}\nEOF")
        let problem = try #require(t.problems.first)
        #expect(problem.line == 2 && problem.column == 3)
        #expect(problem.message.contains("quoted delimiter"))
        #expect(t.refusal != nil)
    }

    /// Hostile nesting neither overflows the stack nor is trusted.
    @Test func deepNestingIsUnsureNotACrash() {
        let deep = String(repeating: "\"$(", count: 50_000) + "{{X}}"
        #expect(ShellTemplate(deep).problems.first?.message.contains("nested too deeply") == true)
        let shallow = String(repeating: "$(", count: 10) + "echo {{X}}" + String(repeating: ")", count: 10)
        #expect(ShellTemplate(shallow).problems.isEmpty)
    }

    @Test func templateSyntaxOfOtherToolsIsLeftAlone() {
        let t = ShellTemplate("echo {{ .Values.x }} ${HOME} {{nope-x}}")
        #expect(t.script == "echo {{ .Values.x }} ${HOME} {{nope-x}}")
        #expect(t.problems.isEmpty && t.names.isEmpty)
    }
}
