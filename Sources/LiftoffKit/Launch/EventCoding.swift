import Foundation

/// Typed payloads ↔ `JSONValue`, with dates in the canonical form.
enum EventCoding {
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(CanonicalTime.string(date))
        }
        return e
    }()

    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .custom { decoder in
            let c = try decoder.singleValueContainer()
            let s = try c.decode(String.self)
            guard let date = CanonicalTime.parse(s) else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "not an RFC 3339 UTC millisecond time: \(s)")
            }
            return date
        }
        return d
    }()

    /// Payload structs are plain Codable values; encoding them cannot fail, but stay total anyway.
    static func json<P: Encodable>(_ payload: P) -> JSONValue {
        guard let data = try? encoder.encode(payload), let value = JSONValue.parse(utf8: data) else {
            return .null
        }
        return value
    }

    /// Parses stored JSON text (a payload column) into a value.
    public static func parse(_ text: String) -> JSONValue? {
        var text = text
        return text.withUTF8 { JSONReader.parse($0) }
    }
}

extension JSONValue {
    /// Parses JSON text, e.g. a stored payload.
    public static func parse(_ text: String) -> JSONValue? { EventCoding.parse(text) }
}
