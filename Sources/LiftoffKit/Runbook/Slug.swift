/// Turns titles into short, stable, URL-safe identifiers.
package enum Slug {
    /// `"2. Pre-Launch Checklist"` → `"pre-launch-checklist"`. Numbering is dropped so that
    /// renumbering sections keeps ids; placeholders keep their name (`{{IC}}` → `ic`).
    package static func make(_ text: String, maxLength: Int = 48) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(min(text.utf8.count, maxLength + 8))
        var pendingHyphen = false
        for b in TitleText.withoutNumbering(text).utf8 {
            let lower = (b >= 0x41 && b <= 0x5A) ? b + 0x20 : b
            if (lower >= 0x61 && lower <= 0x7A) || (lower >= 0x30 && lower <= 0x39) {
                if pendingHyphen, !out.isEmpty { out.append(0x2D) }
                pendingHyphen = false
                out.append(lower)
            } else if b == 0x25 {
                if pendingHyphen, !out.isEmpty { out.append(0x2D) }
                pendingHyphen = true
                out.append(contentsOf: "pct".utf8)
            } else {
                pendingHyphen = true
            }
            // Far enough past the limit to find a word boundary; the rest is cut anyway.
            if out.count > maxLength * 2 { break }
        }
        if out.count > maxLength {
            // Cut at a word boundary so a long step keeps a readable id.
            let cut = out[..<maxLength]
            if let lastHyphen = cut.lastIndex(of: 0x2D), lastHyphen > maxLength / 2 {
                out = Array(out[..<lastHyphen])
            } else {
                out = Array(cut)
            }
        }
        return out.isEmpty ? "untitled" : String(decoding: out, as: UTF8.self)
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
