import LiftoffKit

/// Pretty printing of `JSONValue` with sorted keys and two-space indentation.
/// `LintReport` uses it instead of `JSONEncoder`, which cost a third of `lint --format json`
/// on large runbooks.
extension JSONValue {
    public static func integer(_ i: Int) -> JSONValue { .int(Int64(i)) }
    public static func optional(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }
    public static func optional(_ i: Int?) -> JSONValue { i.map { .int(Int64($0)) } ?? .null }
    public static func optional(_ d: Double?) -> JSONValue { d.map(JSONValue.double) ?? .null }
    public static func optional(_ b: Bool?) -> JSONValue { b.map(JSONValue.bool) ?? .null }

    /// Pretty JSON in the layout `JSONEncoder` uses (`"key" : value`), ending in a newline.
    public func prettySerialized() -> String {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(into: &out, indent: 0)
        out.append(0x0A)
        return String(decoding: out, as: UTF8.self)
    }

    private func write(into out: inout [UInt8], indent: Int) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): PrettyJSONWriter.writeInteger(i, into: &out)
        case .double(let d): Self.writeDouble(d, into: &out)
        case .string(let s): Self.writeString(s, into: &out)
        case .array(let items):
            guard !items.isEmpty else { out.append(contentsOf: "[\n\n".utf8); Self.pad(&out, indent); out.append(0x5D); return }
            out.append(contentsOf: "[\n".utf8)
            for (i, item) in items.enumerated() {
                Self.pad(&out, indent + 2)
                item.write(into: &out, indent: indent + 2)
                if i < items.count - 1 { out.append(0x2C) }
                out.append(0x0A)
            }
            Self.pad(&out, indent)
            out.append(0x5D)
        case .object(let members):
            guard !members.isEmpty else { out.append(contentsOf: "{\n\n".utf8); Self.pad(&out, indent); out.append(0x7D); return }
            out.append(contentsOf: "{\n".utf8)
            let keys = members.keys.sorted()
            for (i, key) in keys.enumerated() {
                Self.pad(&out, indent + 2)
                Self.writeString(key, into: &out)
                out.append(contentsOf: " : ".utf8)
                members[key]?.write(into: &out, indent: indent + 2)
                if i < keys.count - 1 { out.append(0x2C) }
                out.append(0x0A)
            }
            Self.pad(&out, indent)
            out.append(0x7D)
        }
    }

    static func writeDouble(_ d: Double, into out: inout [UInt8]) {
        if d.isFinite {
            // Whole numbers without a fraction, like JSONEncoder.
            if d == d.rounded(), abs(d) < 1e15 { PrettyJSONWriter.writeInteger(Int64(d), into: &out) } else { out.append(contentsOf: "\(d)".utf8) }
        } else {
            out.append(contentsOf: "null".utf8)
        }
    }

    private static func pad(_ out: inout [UInt8], _ n: Int) {
        out.append(contentsOf: repeatElement(0x20, count: n))
    }

    private static let hex = Array("0123456789abcdef".utf8)

    static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(0x22)
        // Most strings need no escape: copy them whole.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            out.append(contentsOf: s.utf8)
            out.append(0x22)
            return
        }
        for b in s.utf8 {
            switch b {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: out.append(contentsOf: [0x5C, 0x72])
            case 0x09: out.append(contentsOf: [0x5C, 0x74])
            case 0x08: out.append(contentsOf: [0x5C, 0x62])
            case 0x0C: out.append(contentsOf: [0x5C, 0x66])
            case 0x00..<0x20:
                out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]])
            default: out.append(b)
            }
        }
        out.append(0x22)
    }
}
