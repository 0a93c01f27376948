import Testing
@testable import LiftoffKit

@Test func cliPlaceholder() {
    #expect(SourcePosition(line: 1, column: 9) < SourcePosition(line: 2, column: 1))
    #expect(SourcePosition(line: 3, column: 2) < SourcePosition(line: 3, column: 5))
}
