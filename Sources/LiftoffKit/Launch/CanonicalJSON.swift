/// The one byte form of a JSON value that hashes are computed over, written by hand so it is
/// the same on every platform and Foundation version:
///
/// - object keys sorted by their UTF-8 bytes, no whitespace anywhere;
/// - strings as UTF-8, escaping only `"`, `\` and control characters (`\n`, `\t`, … or `\u00XX`);
/// - integers in decimal; other numbers in Swift's shortest round-trip form (`0.25`, `1e-05`);
///   NaN and infinities are `null`;
/// - dates are strings in RFC 3339 UTC with milliseconds (`CanonicalTime`).
public enum CanonicalJSON {
    public static func string(_ value: JSONValue) -> String {
        var out = ""
        write(value, to: &out)
        return out
    }

    public static func bytes(_ value: JSONValue) -> [UInt8] {
        Array(string(value).utf8)
    }

    static func write(_ value: JSONValue, to out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d):
            switch JSONValue.number(d) {
            case .double(let x): out += x.description
            case let other: write(other, to: &out)
            }
        case .string(let s): writeString(s, to: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                write(item, to: &out)
            }
            out += "]"
        case .object(let fields):
            out += "{"
            let keys = fields.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            for (i, key) in keys.enumerated() {
                if i > 0 { out += "," }
                writeString(key, to: &out)
                out += ":"
                if let v = fields[key] { write(v, to: &out) }
            }
            out += "}"
        }
    }

    static func writeString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
