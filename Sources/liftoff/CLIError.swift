/// An error that ends the command with a message and an exit code (DESIGN §11).
struct CLIError: Error {
    var message: String
    var code: Int32

    /// Unusable input: a missing file, text that is not UTF-8, an invalid vars file.
    static func input(_ message: String) -> CLIError { CLIError(message: message, code: 2) }
    /// Findings: lint errors, failed checks.
    static let findings = CLIError(message: "", code: 1)
}
