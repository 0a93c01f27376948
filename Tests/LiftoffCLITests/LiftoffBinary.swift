import Foundation
import LiftoffTestSupport

/// Runs the `liftoff` executable built next to the test bundle, as a user would.
enum LiftoffBinary {

    static func run(_ arguments: [String], cwd: URL = Repository.root, environment: [String: String] = [:]) throws -> ProcessOutput {
        guard let url = ProcessRunner.liftoff else { throw MissingBinary() }
        return try ProcessRunner.run(url, arguments, cwd: cwd, environment: environment.merging(["NO_COLOR": "1"]) { a, _ in a })
    }

    struct MissingBinary: Error, CustomStringConvertible {
        var description: String { "the liftoff executable was not built next to the tests (run `swift build` first)" }
    }

    static func temporaryDirectory() throws -> URL {
        try Repository.temporaryDirectory("liftoff-cli")
    }
}
