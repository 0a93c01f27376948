/// Threshold tables whose cells hold values without an operator: `| CPU | 80% | 95% |` under
/// `| Metric | Warning | Critical |`, `| Apdex | 0.95 | 0.8 |` under `| Metric | Normal |
/// Rollback |`. The row itself says which way is worse: a more severe column further from the
/// less severe one, a firing value on one side of the healthy one, and the signal's name must
/// all agree; when they do not, or none speaks, the row is not read (docs/runbook-format.md,
/// "Trigger candidates").
enum BareThresholds {
    struct Value: Equatable {
        /// In base units (a fraction for %, seconds for ms/s/min).
        var value: Double
        var unit: String?
    }

    /// "95%", "120s", "5000", "1.5 s"; nil for anything with more words or an operator.
    static func value(_ cell: String) -> Value? {
        let tokens = TriggerTokenizer.tokens(of: cell)
        guard let first = tokens.first, case .number(let n) = first, n.isFinite else { return nil }
        if tokens.count == 1 { return Value(value: n, unit: nil) }
        guard tokens.count == 2, case .word(let w) = tokens[1], let unit = TriggerSentenceParser.valueUnit(w) else { return nil }
        return Value(value: TriggerSentenceParser.inBaseUnits(n, unit: unit.name), unit: unit.name)
    }

    /// The operator that fires: `>=` when higher is worse, `<=` when lower is; nil when the row
    /// does not say, or says both.
    static func firingOperator(firing: [(value: Double, action: TriggerAction)], healthy: Double?, signal: String) -> ComparisonOperator? {
        var votes: Set<Bool> = []  // true: higher is worse
        let ranked = firing.sorted { severity($0.action) < severity($1.action) }
        if let mild = ranked.first, let severe = ranked.last, severity(severe.action) > severity(mild.action), severe.value != mild.value {
            votes.insert(severe.value > mild.value)
        }
        if let healthy {
            if firing.allSatisfy({ $0.value > healthy }) { votes.insert(true) }
            if firing.allSatisfy({ $0.value < healthy }) { votes.insert(false) }
            if firing.contains(where: { $0.value == healthy }) { return nil }
        }
        switch SignalDirection.of(signal) {
        case .higherIsWorse: votes.insert(true)
        case .lowerIsWorse: votes.insert(false)
        case nil: break
        }
        guard votes.count == 1, let higherIsWorse = votes.first else { return nil }
        return higherIsWorse ? .greaterOrEqual : .lessOrEqual
    }

    private static func severity(_ action: TriggerAction) -> Int {
        switch action {
        case .alert: 1
        case .page: 2
        case .halt, .rollback: 3
        }
    }
}
