import LiftoffKit

/// Writes pretty JSON straight to bytes, in exactly the layout of `JSONValue.prettySerialized()`
/// (`"key" : value`, two-space indent, `[\n\n]` for an empty array), without building a
/// `JSONValue` tree first: a large lint report has tens of thousands of objects, and a dictionary
/// per object plus sorting its keys cost more than writing it (Benchmarks/README.md, lint-vs-cmark).
///
/// The caller writes each object's keys in sorted order, as `prettySerialized()` does;
/// `LintReportJSONTests` holds the two writers to the same bytes.
struct PrettyJSONWriter {
    private(set) var bytes: [UInt8] = []
    private var indent = 0
    /// Per open container: whether a member was written yet (for the `,` before the next one).
    private var hasMember: [Bool] = []
    /// Where full chunks go when the document is streamed (nil: it is kept whole in `bytes`).
    private let sink: (([UInt8]) -> Void)?
    private let chunkSize: Int

    init(capacity: Int = 4096) {
        bytes.reserveCapacity(capacity)
        sink = nil
        chunkSize = .max
    }

    /// Hands the document to `sink` in chunks of about `chunkSize` bytes as it is written, so a
    /// report of tens of megabytes never sits in memory whole, let alone twice.
    init(chunkSize: Int, sink: @escaping ([UInt8]) -> Void) {
        self.chunkSize = max(1, chunkSize)
        self.sink = sink
        bytes.reserveCapacity(self.chunkSize + 4096)
    }

    /// The document as a String, ending in a newline like `prettySerialized()`.
    mutating func finish() -> String {
        bytes.append(0x0A)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Ends a streamed document: its last chunk, with the closing newline, goes to the sink.
    mutating func finishStream() {
        bytes.append(0x0A)
        sink?(bytes)
        bytes.removeAll()
    }

    // MARK: Containers

    mutating func beginObject() { open(0x7B) }
    mutating func endObject() { close(0x7D) }
    mutating func beginArray() { open(0x5B) }
    mutating func endArray() { close(0x5D) }

    /// `"key" : ` inside an object; the value follows.
    mutating func key(_ name: StaticString) {
        member()
        bytes.append(0x22)
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [0x22, 0x20, 0x3A, 0x20])
    }

    /// Starts an array element; the value follows.
    mutating func element() { member() }

    // MARK: Values

    mutating func string(_ s: String) { JSONValue.writeString(s, into: &bytes) }
    mutating func string(_ s: String?) { if let s { string(s) } else { null() } }
    mutating func int(_ i: Int) { Self.writeInteger(Int64(i), into: &bytes) }
    mutating func int(_ i: Int?) { if let i { int(i) } else { null() } }
    mutating func double(_ d: Double?) { if let d { JSONValue.writeDouble(d, into: &bytes) } else { null() } }
    mutating func bool(_ b: Bool) { bytes.append(contentsOf: (b ? "true" : "false").utf8) }
    mutating func bool(_ b: Bool?) { if let b { bool(b) } else { null() } }
    mutating func null() { bytes.append(contentsOf: "null".utf8) }

    mutating func ints(_ values: [Int]) {
        beginArray()
        for v in values { element(); int(v) }
        endArray()
    }

    mutating func strings(_ values: [String]) {
        beginArray()
        for v in values { element(); string(v) }
        endArray()
    }

    /// Decimal digits of `i` without going through a String.
    static func writeInteger(_ i: Int64, into out: inout [UInt8]) {
        if i == 0 { out.append(0x30); return }
        if i == .min { out.append(contentsOf: String(i).utf8); return }
        var n = i
        if n < 0 { out.append(0x2D); n = -n }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while n > 0 {
                buffer[count] = UInt8(truncatingIfNeeded: 0x30 + n % 10)
                n /= 10
                count += 1
            }
            for k in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[k]) }
        }
    }

    // MARK: Layout

    private mutating func open(_ bracket: UInt8) {
        bytes.append(bracket)
        bytes.append(0x0A)
        indent += 2
        hasMember.append(false)
    }

    private mutating func close(_ bracket: UInt8) {
        indent -= 2
        // After the last member, or the blank line of an empty container (`[\n\n]`).
        hasMember.removeLast()
        bytes.append(0x0A)
        pad()
        bytes.append(bracket)
    }

    private mutating func member() {
        if bytes.count >= chunkSize, let sink {
            sink(bytes)
            bytes.removeAll(keepingCapacity: true)
        }
        if let last = hasMember.indices.last {
            if hasMember[last] { bytes.append(contentsOf: [0x2C, 0x0A]) }
            hasMember[last] = true
        }
        pad()
    }

    private mutating func pad() {
        bytes.append(contentsOf: repeatElement(0x20, count: indent))
    }
}
