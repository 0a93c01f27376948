import Testing
@testable import LiftoffKit

/// Runbook text may hold any number; a number past Int's range is read as text or not at all,
/// never trapped on (docs/fuzzing.md: the fuzzer found these).
@Suite struct HugeNumberTests {
    @Test func wholeNumbersAreThoseThatFit() {
        #expect(5.0.wholeNumber == 5)
        #expect((-3.0).wholeNumber == -3)
        #expect(2.5.wholeNumber == nil)
        #expect(5.5e25.wholeNumber == nil)
        #expect(Double.infinity.wholeNumber == nil)
        #expect(Double.nan.wholeNumber == nil)
        #expect(9_007_199_254_740_992.0.wholeNumber == 9_007_199_254_740_992)
        #expect(18_446_744_073_709_551_616.0.wholeNumber == nil)
        #expect(5.0.numberText == "5" && 2.5.numberText == "2.5")
        #expect(5.555555555555556e19.numberText == "5.555555555555556e+19")
    }

    @Test func aCriterionWhoseSubjectIsAHugeNumberIsReadWithoutATrap() {
        let rb = RunbookExtractor.extract("## Rollback\n55555555555555555555>\n", file: "t.md")
        #expect(rb.sections.contains { $0.title == "Rollback" })
    }

    @Test func aBoundPastAnyLaunchBoundsNothing() {
        #expect(TimeBound.activeFor(in: "Roll back if any of these hold within 99999999999999999999 minutes of the shift:") == nil)
        #expect(TimeBound.activeFor(in: "Roll back if any of these hold within 15 minutes of the shift:") == 900)
        let rb = RunbookExtractor.extract("""
        # R
        ## Rollback triggers
        Roll back if any of these hold within 99999999999999999999 minutes of the shift:

        - error rate > 5%
        - error rate change > 999999999999999999999999%
        """, file: "t.md")
        #expect(rb.triggers.contains { $0.signal == "error rate" && $0.activeForSeconds == nil })
    }
}
