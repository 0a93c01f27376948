/// Replaces secret values (resolved from `env:NAME` variables) with `****` in anything shown or
/// stored. Longer secrets first, so one that contains another is masked whole.
public struct SecretMasker: Hashable, Sendable {
    public static let mask = "****"
    private var secrets: [String]

    public init(secrets: some Sequence<String>) {
        self.secrets = Set(secrets.filter { !$0.isEmpty }).sorted { $0.count > $1.count }
    }

    public var isEmpty: Bool { secrets.isEmpty }

    public func mask(_ text: String) -> String {
        var out = text
        for secret in secrets where out.contains(secret) {
            out = out.replacingOccurrences(of: secret, with: Self.mask)
        }
        return out
    }
}
