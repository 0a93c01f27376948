extension GateDecision {
    public var label: String {
        switch self {
        case .open: "open"
        case .go: "GO"
        case .nogo: "NO-GO"
        }
    }
}
