import Foundation
import LiftoffKit

/// RFC 1035 messages, just enough for checks: one question out, the answer section back in
/// presentation form (A, AAAA, CNAME, NS, PTR, MX, TXT, SOA, SRV, CAA; others as hex).
enum DNSMessage {
    struct Response: Hashable, Sendable {
        var id: UInt16
        var truncated: Bool
        var rcode: UInt8
        var answers: [DNSAnswer]
    }

    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    static func query(id: UInt16, name: String, type: UInt16) -> [UInt8] {
        var bytes: [UInt8] = []
        func u16(_ v: UInt16) { bytes += [UInt8(v >> 8), UInt8(v & 0xFF)] }
        u16(id)
        u16(0x0100) // standard query, recursion desired
        u16(1) // one question
        u16(0)
        u16(0)
        u16(0)
        for label in name.split(separator: ".") {
            let utf8 = Array(label.utf8.prefix(63))
            bytes.append(UInt8(utf8.count))
            bytes += utf8
        }
        bytes.append(0)
        u16(type)
        u16(1) // class IN
        return bytes
    }

    static func rcodeName(_ code: UInt8) -> String {
        switch code {
        case 0: "NOERROR"
        case 1: "FORMERR"
        case 2: "SERVFAIL"
        case 3: "NXDOMAIN"
        case 4: "NOTIMP"
        case 5: "REFUSED"
        default: "RCODE\(code)"
        }
    }

    static func parse(_ bytes: [UInt8]) throws(Malformed) -> Response {
        var reader = ByteReader(bytes: bytes)
        let id = try reader.u16()
        let flags = try reader.u16()
        let questions = try reader.u16()
        let answerCount = try reader.u16()
        _ = try reader.u16()
        _ = try reader.u16()
        for _ in 0..<questions {
            _ = try reader.name()
            _ = try reader.u16()
            _ = try reader.u16()
        }
        var answers: [DNSAnswer] = []
        let truncated = flags & 0x0200 != 0
        for _ in 0..<answerCount {
            // A truncated message may end mid-record; keep what is whole.
            do throws(Malformed) {
                let name = try reader.name()
                let type = try reader.u16()
                _ = try reader.u16()
                let ttl = try reader.u32()
                let length = Int(try reader.u16())
                let start = reader.offset
                guard start + length <= bytes.count else { throw Malformed(description: "record data runs past the end") }
                let value = try rdata(type: type, length: length, reader: &reader)
                reader.offset = start + length
                let typeName = DNSRecordType(code: type)?.rawValue ?? "TYPE\(type)"
                answers.append(DNSAnswer(name: name, type: typeName, ttl: ttl, value: value))
            } catch {
                if truncated { break }
                throw error
            }
        }
        return Response(id: id, truncated: truncated, rcode: UInt8(flags & 0x000F), answers: answers)
    }

    private static func rdata(type: UInt16, length: Int, reader: inout ByteReader) throws(Malformed) -> String {
        let start = reader.offset
        switch DNSRecordType(code: type) {
        case .A:
            guard length == 4 else { throw Malformed(description: "A record of \(length) bytes") }
            return try reader.bytes(4).map(String.init).joined(separator: ".")
        case .AAAA:
            guard length == 16 else { throw Malformed(description: "AAAA record of \(length) bytes") }
            return ipv6(try reader.bytes(16))
        case .CNAME, .NS, .PTR:
            return try reader.name()
        case .MX:
            let preference = try reader.u16()
            return "\(preference) \(try reader.name())"
        case .TXT:
            var strings: [String] = []
            while reader.offset < start + length {
                let count = Int(try reader.u8())
                strings.append(String(decoding: try reader.bytes(count), as: UTF8.self))
            }
            return strings.joined()
        case .CAA:
            let flags = try reader.u8()
            let tagLength = Int(try reader.u8())
            let tag = String(decoding: try reader.bytes(tagLength), as: UTF8.self)
            let value = String(decoding: try reader.bytes(start + length - reader.offset), as: UTF8.self)
            return "\(flags) \(tag) \"\(value)\""
        case .SOA:
            let mname = try reader.name()
            let rname = try reader.name()
            let numbers = try (0..<5).map { _ throws(Malformed) in try reader.u32() }
            return ([mname, rname] + numbers.map(String.init)).joined(separator: " ")
        case .SRV:
            let priority = try reader.u16()
            let weight = try reader.u16()
            let port = try reader.u16()
            return "\(priority) \(weight) \(port) \(try reader.name())"
        case nil:
            return try reader.bytes(length).map { String(format: "%02x", $0) }.joined()
        }
    }

    /// RFC 5952 text form: lower case, longest run of zero groups as `::`.
    static func ipv6(_ bytes: [UInt8]) -> String {
        let groups = stride(from: 0, to: 16, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
        var bestStart = -1
        var bestLength = 0
        var i = 0
        while i < 8 {
            if groups[i] == 0 {
                var j = i
                while j < 8, groups[j] == 0 { j += 1 }
                if j - i > bestLength, j - i > 1 {
                    bestStart = i
                    bestLength = j - i
                }
                i = j
            } else {
                i += 1
            }
        }
        let hex = groups.map { String($0, radix: 16) }
        guard bestStart >= 0 else { return hex.joined(separator: ":") }
        let head = hex[..<bestStart].joined(separator: ":")
        let tail = hex[(bestStart + bestLength)...].joined(separator: ":")
        return head + "::" + tail
    }
}

/// Reads big-endian fields and compressed names (RFC 1035 §4.1.4) without trusting the input.
struct ByteReader {
    var bytes: [UInt8]
    var offset = 0

    mutating func u8() throws(DNSMessage.Malformed) -> UInt8 {
        guard offset < bytes.count else { throw DNSMessage.Malformed(description: "message ends early") }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func u16() throws(DNSMessage.Malformed) -> UInt16 {
        UInt16(try u8()) << 8 | UInt16(try u8())
    }

    mutating func u32() throws(DNSMessage.Malformed) -> UInt32 {
        UInt32(try u16()) << 16 | UInt32(try u16())
    }

    mutating func bytes(_ count: Int) throws(DNSMessage.Malformed) -> [UInt8] {
        guard count >= 0, offset + count <= bytes.count else { throw DNSMessage.Malformed(description: "message ends early") }
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    /// A domain name with a trailing dot; pointers may only go backwards, which also ends loops.
    mutating func name() throws(DNSMessage.Malformed) -> String {
        var labels: [String] = []
        var position = offset
        var jumped = false
        var limit = position
        var total = 0
        while true {
            guard position < bytes.count else { throw DNSMessage.Malformed(description: "name runs past the end") }
            let length = Int(bytes[position])
            if length & 0xC0 == 0xC0 {
                guard position + 1 < bytes.count else { throw DNSMessage.Malformed(description: "truncated name pointer") }
                let target = (length & 0x3F) << 8 | Int(bytes[position + 1])
                guard target < limit else { throw DNSMessage.Malformed(description: "name pointer loops") }
                if !jumped { offset = position + 2 }
                jumped = true
                limit = target
                position = target
                continue
            }
            guard length & 0xC0 == 0 else { throw DNSMessage.Malformed(description: "unknown label type") }
            if length == 0 {
                if !jumped { offset = position + 1 }
                break
            }
            guard position + 1 + length <= bytes.count else { throw DNSMessage.Malformed(description: "label runs past the end") }
            labels.append(String(decoding: bytes[(position + 1)...(position + length)], as: UTF8.self))
            total += length + 1
            guard total <= 255 else { throw DNSMessage.Malformed(description: "name longer than 255 bytes") }
            position += length + 1
        }
        return labels.joined(separator: ".") + "."
    }
}
