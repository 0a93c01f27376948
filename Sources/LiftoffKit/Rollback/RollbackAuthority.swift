import Foundation

/// Who may confirm a rollback under the manual policy (DESIGN §6), read from the runbook:
///
/// - `Rollback Authority: Engineering Lead` (bold or not; `A, B or C` lists several),
/// - `Manual rollback triggers (decision by Incident Commander):`,
/// - an authorization matrix whose tiers ask for one or more authorities:
///
///       Authorization Matrix:
///         High Priority (Single Authority):
///           authorized: [Engineering Lead, Engineering Manager]
///           response_time: Immediate
///         Normal Priority (Two Authorities):
///           authorized: [Engineering Lead, Product Owner, Engineering Manager]
///           response_time: Within 15 minutes
///
/// A request is confirmed when any tier has its quorum: that many distinct participants holding
/// its roles. An admin may always confirm. With no authority written, only admins may.
public struct RollbackAuthority: Hashable, Sendable {
    public struct Tier: Hashable, Sendable {
        public var name: String
        public var roles: [String]
        /// Distinct participants needed.
        public var quorum: Int
        /// The confirmations should arrive within this long of the request, else it escalates.
        public var withinSeconds: Int?

        public init(name: String, roles: [String], quorum: Int = 1, withinSeconds: Int? = nil) {
            self.name = name
            self.roles = roles
            self.quorum = max(1, quorum)
            self.withinSeconds = withinSeconds
        }
    }

    public var tiers: [Tier]

    public init(tiers: [Tier] = []) {
        self.tiers = tiers.filter { !$0.roles.isEmpty }
    }

    /// Every role that may confirm, in the order written.
    public var roles: [String] {
        var seen: Set<String> = []
        return tiers.flatMap(\.roles).filter { seen.insert(RoleName.key($0)).inserted }
    }

    /// `Engineering Lead`, `two of Engineering Lead, Product Owner, Engineering Manager`, `an admin`.
    public var description: String {
        guard !tiers.isEmpty else { return "an admin" }
        return tiers.map { tier in
            let names = tier.roles.joined(separator: tier.quorum > 1 ? ", " : " or ")
            return tier.quorum > 1 ? "\(tier.quorum) of \(names)" : names
        }.joined(separator: "; or ")
    }

    /// The role under which a participant may confirm; nil when they may not (admins: "admin").
    public func role(of participant: LaunchParticipant) -> String? {
        if let role = roles.first(where: { participant.holds($0) }) { return role }
        return participant.admin ? "admin" : nil
    }

    /// Whether these confirmations (by distinct participants) start the procedure.
    public func satisfied(by confirmations: [RollbackConfirmation]) -> Bool {
        if confirmations.contains(where: { $0.by == LiveRules.actor || $0.role == "admin" }) { return true }
        guard !tiers.isEmpty else { return false }
        return tiers.contains { tier in
            let people = Set(confirmations.filter { c in tier.roles.contains { RoleName.same($0, c.role ?? "") } }.map(\.by))
            return people.count >= tier.quorum
        }
    }

    /// The longest response window of the tiers, for escalation.
    public var withinSeconds: Int? { tiers.compactMap(\.withinSeconds).max() }

    // MARK: Reading the runbook

    public static func read(source: String, values: [String: String] = [:]) -> RollbackAuthority {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) }
        var tiers: [Tier] = []
        func fill(_ s: String) -> String { PlaceholderScanner.substitute(s, values) }

        for (index, raw) in lines.enumerated() {
            let line = plain(raw)
            let lower = line.lowercased()
            if let range = lower.range(of: "rollback authority") {
                var rest = line[range.upperBound...].drop { $0 == " " || $0 == "*" || $0 == "_" }
                guard rest.first == ":" else { continue }
                rest = rest.dropFirst()
                let roles = names(fill(String(rest)))
                if !roles.isEmpty { tiers.append(Tier(name: "Rollback Authority", roles: roles)) }
            } else if lower.contains("rollback"), let range = lower.range(of: "decision by ") {
                var rest = String(line[range.upperBound...])
                if let close = rest.firstIndex(where: { $0 == ")" || $0 == ":" }) { rest = String(rest[..<close]) }
                let roles = names(fill(rest))
                if !roles.isEmpty { tiers.append(Tier(name: "Rollback decision", roles: roles)) }
            } else if lower.contains("authorization matrix") || lower.contains("authorisation matrix") {
                tiers += matrix(lines, after: index).map { tier in
                    var t = tier
                    t.roles = t.roles.map(fill)
                    return t
                }
            }
        }
        return RollbackAuthority(tiers: tiers)
    }

    /// The tiers under an `Authorization Matrix` line: every deeper-indented line until the
    /// indentation comes back.
    private static func matrix(_ lines: [String], after index: Int) -> [Tier] {
        let base = indent(lines[index])
        var tiers: [Tier] = []
        var current: Tier?
        var inAuthorized = false
        var i = index + 1
        while i < lines.count {
            let raw = lines[i]
            i += 1
            let text = plain(raw)
            if text.isEmpty { continue }
            if indent(raw) <= base || text.hasPrefix("```") { break }
            let lower = text.lowercased()
            if text.hasSuffix(":"), lower.contains("authorit") || lower.contains("priority") {
                if let c = current { tiers.append(c) }
                current = Tier(name: String(text.dropLast()), roles: [], quorum: quorum(in: lower))
                inAuthorized = false
                continue
            }
            guard current != nil else { continue }
            if lower.hasPrefix("authorized:") || lower.hasPrefix("authorised:") || lower.hasPrefix("approvers:") {
                let rest = text.split(separator: ":", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
                let inline = names(rest.trimmingCharacters(in: CharacterSet(charactersIn: " []")))
                current?.roles += inline
                inAuthorized = inline.isEmpty
            } else if lower.hasPrefix("- "), inAuthorized {
                current?.roles += names(String(text.dropFirst(2)))
            } else if lower.contains("within"), let r = lower.range(of: "within") {
                current?.withinSeconds = DurationParser.parse(String(lower[r.upperBound...]))
                inAuthorized = false
            } else {
                inAuthorized = false
            }
        }
        if let c = current { tiers.append(c) }
        return tiers
    }

    private static func quorum(in lower: String) -> Int {
        let words: [(String, Int)] = [("single", 1), ("one", 1), ("two", 2), ("dual", 2), ("three", 3), ("four", 4)]
        for (word, n) in words where lower.contains(word) { return n }
        if let digit = lower.first(where: \.quickIsNumber), let n = Int(String(digit)) { return n }
        return 1
    }

    /// `Engineering Lead, Product Owner or VP` → three names.
    private static func names(_ text: String) -> [String] {
        let cleaned = text.replacingOccurrences(of: " or ", with: ",").replacingOccurrences(of: " and ", with: ",").replacingOccurrences(of: "+", with: ",").replacingOccurrences(of: "/", with: ",")
        return cleaned.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " .*_`[]()")) }.filter { !$0.isEmpty && $0.count <= 60 }
    }

    private static func plain(_ line: String) -> String {
        var s = line.replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "`", with: "")
        s = s.trimmingCharacters(in: .whitespaces)
        for prefix in ["- [ ] ", "- [x] ", "> "] where s.hasPrefix(prefix) { s = String(s.dropFirst(prefix.count)) }
        return s
    }

    private static func indent(_ line: String) -> Int {
        line.prefix { $0 == " " || $0 == "\t" }.count
    }
}
