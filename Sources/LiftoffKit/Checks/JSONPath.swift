import Foundation

/// The small JSONPath subset checks need: `$`, `.key`, `['key']`, `[index]`.
enum JSONPath {
    enum Component: Equatable {
        case key(String)
        case index(Int)
    }

    static func components(_ path: String) -> [Component]? {
        guard path.hasPrefix("$") else { return nil }
        var result: [Component] = []
        var chars = Substring(path.dropFirst())
        while let c = chars.first {
            if c == "." {
                chars = chars.dropFirst()
                let key = chars.prefix { $0 != "." && $0 != "[" }
                guard !key.isEmpty else { return nil }
                result.append(.key(String(key)))
                chars = chars.dropFirst(key.count)
            } else if c == "[" {
                guard let close = chars.firstIndex(of: "]") else { return nil }
                let inner = chars[chars.index(after: chars.startIndex)..<close]
                if let index = Int(inner) {
                    result.append(.index(index))
                } else if inner.count >= 2, let q = inner.first, q == "'" || q == "\"", inner.last == q {
                    result.append(.key(String(inner.dropFirst().dropLast())))
                } else {
                    return nil
                }
                chars = chars[chars.index(after: close)...]
            } else {
                return nil
            }
        }
        return result
    }

    enum Lookup: Equatable {
        case found(Any?)
        case missing(at: String)
        case notJSON

        static func == (a: Lookup, b: Lookup) -> Bool {
            switch (a, b) {
            case (.missing(let x), .missing(let y)): x == y
            case (.notJSON, .notJSON): true
            default: false
            }
        }
    }

    static func lookup(_ path: String, in body: String) -> Lookup {
        guard let data = body.data(using: .utf8), let root = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            return .notJSON
        }
        guard let components = components(path) else { return .missing(at: path) }
        var current: Any = root
        var walked = "$"
        for component in components {
            switch component {
            case .key(let key):
                walked += ".\(key)"
                guard let object = current as? [String: Any], let next = object[key] else { return .missing(at: walked) }
                current = next
            case .index(let index):
                walked += "[\(index)]"
                guard let array = current as? [Any], array.indices.contains(index) else { return .missing(at: walked) }
                current = array[index]
            }
        }
        return .found(current is NSNull ? nil : current)
    }

    /// A JSON value as text for comparison and display: strings bare, others as JSON.
    static func text(_ value: Any?) -> String {
        guard let value else { return "null" }
        if let s = value as? String { return s }
        if let n = value as? NSNumber {
            // Booleans arrive as NSNumber of type "c" (Darwin) or as Swift Bool (Linux).
            if type(of: value) == Bool.self || String(cString: n.objCType) == "c" { return n.boolValue ? "true" : "false" }
            return CheckQuantity.trimmed(n.doubleValue)
        }
        if let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]), let s = String(data: data, encoding: .utf8) {
            return s
        }
        return "\(value)"
    }
}
