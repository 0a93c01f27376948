extension ComparisonOperator {
    /// Whether `lhs OP rhs` holds; ±Inf compare like any number.
    public func holds(_ lhs: Double, _ rhs: Double) -> Bool {
        switch self {
        case .greater: lhs > rhs
        case .greaterOrEqual: lhs >= rhs
        case .less: lhs < rhs
        case .lessOrEqual: lhs <= rhs
        case .equal: lhs == rhs
        case .notEqual: lhs != rhs
        }
    }
}
