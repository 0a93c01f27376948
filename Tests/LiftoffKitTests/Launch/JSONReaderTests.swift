import Foundation
@testable import LiftoffKit
import Testing

/// `JSONValue.parse` reads what `JSONDecoder` reads, into the same values, and refuses what it
/// refuses (docs/architecture.md, "An event's path").
@Suite struct JSONReaderTests {
    /// The value `JSONValue`'s Decodable conformance gives, which the reader replaces.
    static func decoded(_ text: String) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    @Test func valuesAreReadAsTheDecoderReadsThem() {
        let cases: [(String, JSONValue?)] = [
            ("null", .null), ("true", .bool(true)), (" false ", .bool(false)),
            ("0", .int(0)), ("-0", .int(0)), ("42", .int(42)), ("-7", .int(-7)),
            ("1.0", .int(1)), ("1.5", .double(1.5)), ("1e2", .int(100)), ("-2.5E-1", .double(-0.25)),
            ("9223372036854775807", .int(.max)), ("-9223372036854775808", .int(.min)),
            ("9223372036854775808", .double(9223372036854775808)),
            (#""a\"b\\c\/d\n\t\u00e9\ud83d\ude80""#, .string("a\"b\\c/d\n\té🚀")),
            (#""plain ünïcödé""#, .string("plain ünïcödé")),
            ("[]", .array([])), ("{}", .object([:])),
            (#"{"a": [1, {"b": null}], "c": "d"}"#, .object(["a": .array([.int(1), .object(["b": .null])]), "c": .string("d")])),
            ("\n\t{ \"k\" :\r\n true }\n", .object(["k": .bool(true)])),
        ]
        for (text, expected) in cases {
            #expect(JSONValue.parse(text) == expected, "\(text)")
            #expect(JSONValue.parse(text) == Self.decoded(text), "\(text) as JSONDecoder reads it")
        }
    }

    @Test func textThatIsNotJSONIsRefused() {
        let bad = ["", " ", "nul", "tru", "01", "-", "1.", ".5", "1e", "+1", "[1,]", "{\"a\":1,}", "{a:1}", "[1 2]",
                   "\"open", "\"tab\there\"", #""\x""#, #""\u12""#, #""\ud800""#, #""\udc00x""#, #""\ud800\u0041""#,
                   "1e999", "[", "{\"a\"}", "{\"a\":}", "nulls", "[] []", "'a'", "NaN", "Infinity"]
        for text in bad {
            #expect(JSONValue.parse(text) == nil, "\(text) is not JSON")
        }
        #expect(JSONValue.parse(utf8: [0x22, 0xFF, 0x22]) == nil, "bytes that are not UTF-8")
    }

    @Test func deepNestingIsRefusedWithoutACrash() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(JSONValue.parse(deep) == nil)
        let fine = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(JSONValue.parse(fine) != nil)
    }

    /// Random documents, written compactly and with space around every token, read back equal;
    /// each cut short, or with one byte changed, is read as the decoder reads it.
    @Test func randomDocumentsAgreeWithTheDecoder() throws {
        var random = SplitMix64(state: 0x5EED)
        for _ in 0..<300 {
            let value = Self.randomValue(&random, depth: 0)
            let compact = String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
            #expect(JSONValue.parse(compact) == value, "\(compact)")
            let spaced = try Self.spaced(value)
            #expect(JSONValue.parse(spaced) == value, "\(spaced)")
            var bytes = Array(compact.utf8)
            let cut = Int(random.next() % UInt64(bytes.count))
            let prefix = String(decoding: bytes[..<cut], as: UTF8.self)
            #expect(JSONValue.parse(prefix) == Self.decoded(prefix), "cut: \(prefix)")
            let alphabet = Array("{}[],:\"\\0123456789.-eE tfnulrsa".utf8)
            bytes[Int(random.next() % UInt64(bytes.count))] = alphabet[Int(random.next() % UInt64(alphabet.count))]
            let changed = String(decoding: bytes, as: UTF8.self)
            #expect(JSONValue.parse(changed) == Self.decoded(changed), "changed: \(changed)")
        }
    }

    /// The value written with white space of every kind between its tokens.
    static func spaced(_ value: JSONValue) throws -> String {
        switch value {
        case .array(let items): return " [\n" + (try items.map(spaced)).joined(separator: ",\t") + " ] "
        case .object(let fields):
            return "{ " + (try fields.map { key, value in try spaced(.string(key)) + " :\r\n" + spaced(value) }).joined(separator: " , ") + "}"
        default: return String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
        }
    }

    static func randomValue(_ random: inout SplitMix64, depth: Int) -> JSONValue {
        let pick = random.next() % (depth > 3 ? 5 : 7)
        switch pick {
        case 0: return .null
        case 1: return .bool(random.next() % 2 == 0)
        case 2: return .int(Int64(bitPattern: random.next()) >> Int64(random.next() % 64))
        case 3: return JSONValue.number(Double(Int64(bitPattern: random.next()) % 1_000_000) / 1_000)
        case 4:
            let pieces = ["a", "é", "🚀", "\"", "\\", "\n", "\u{01}", "/", " ", "ok"]
            return .string((0..<Int(random.next() % 6)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined())
        case 5: return .array((0..<Int(random.next() % 4)).map { _ in randomValue(&random, depth: depth + 1) })
        default:
            var fields: [String: JSONValue] = [:]
            for i in 0..<Int(random.next() % 4) { fields["k\(i)"] = randomValue(&random, depth: depth + 1) }
            return .object(fields)
        }
    }
}
