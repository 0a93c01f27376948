/// Turns titles into short, stable, URL-safe identifiers.
enum Slug {
    /// `"2. Pre-Launch Checklist"` → `"pre-launch-checklist"`. Numbering is dropped so that
    /// renumbering sections keeps ids; placeholders keep their name (`{{IC}}` → `ic`).
    static func make(_ text: String, maxLength: Int = 48) -> String {
        var out = ""
        var pendingHyphen = false
        for scalar in TitleText.withoutNumbering(text).unicodeScalars {
            let lowered = Character(scalar).lowercased()
            if scalar.isASCII, let c = lowered.unicodeScalars.first,
               (c >= "a" && c <= "z") || (c >= "0" && c <= "9") {
                if pendingHyphen, !out.isEmpty { out.append("-") }
                pendingHyphen = false
                out.append(Character(c))
            } else if scalar == "%" {
                if pendingHyphen, !out.isEmpty { out.append("-") }
                pendingHyphen = true
                out += "pct"
            } else {
                pendingHyphen = true
            }
        }
        if out.count > maxLength {
            // Cut at a word boundary so a long step keeps a readable id.
            let cut = out.prefix(maxLength)
            if let lastHyphen = cut.lastIndex(of: "-"), cut.distance(from: cut.startIndex, to: lastHyphen) > maxLength / 2 {
                out = String(cut[..<lastHyphen])
            } else {
                out = String(cut)
            }
        }
        return out.isEmpty ? "untitled" : out
    }
}

/// Hands out ids in document order, adding `-2`, `-3` … to repeats.
struct IDAllocator {
    private var used: Set<String> = []
    /// The next suffix to try per base, so k repeats cost O(k), not O(k²).
    private var nextSuffix: [String: Int] = [:]

    mutating func reserve(_ id: String) -> Bool {
        used.insert(id).inserted
    }

    mutating func allocate(_ base: String) -> String {
        if used.insert(base).inserted { return base }
        var n = nextSuffix[base] ?? 2
        while !used.insert("\(base)-\(n)").inserted { n += 1 }
        nextSuffix[base] = n + 1
        return "\(base)-\(n)"
    }
}
