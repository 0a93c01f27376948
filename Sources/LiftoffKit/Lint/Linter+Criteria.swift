extension Linter {
    /// With a vars file: a metric success criterion whose signal nothing binds is confirmed by
    /// hand at launch, not measured; say so, with the binding that would measure it.
    static func unboundCriteria(_ runbook: Runbook, _ vars: LaunchVariables?) -> [Diagnostic] {
        guard let vars else { return [] }
        return runbook.successCriteria.compactMap { criterion in
            guard case .metric(let signal, _, _, _, _) = criterion.measure, Runbook.binding(for: signal, in: vars) == nil else { return nil }
            return Diagnostic(.info, "unbound-criterion",
                              "success criterion '\(criterion.text.prefix(80))' watches '\(signal)', which no signal binds; at launch its owner confirms it by hand",
                              hint: "to verify it from metrics, bind it in the vars file: signals: { \(signal): '<PromQL>' }", at: criterion.position)
        }
    }
}
