/// A number read from a runbook as an `Int`, when it is one that fits. Runbook text can hold
/// any number ("55555555555555555555"), and `Int(_: Double)` traps outside Int's range.
extension Double {
    /// `self` as an integer when it is finite, whole and within ±2^53 (where a Double still
    /// counts every integer); nil otherwise.
    var wholeNumber: Int? {
        guard isFinite, self == rounded(), abs(self) <= 9_007_199_254_740_992 else { return nil }
        return Int(self)
    }

    /// "5" for a whole number, "2.5" (or "5.5e+25") for anything else.
    var numberText: String { wholeNumber.map(String.init) ?? String(self) }
}
