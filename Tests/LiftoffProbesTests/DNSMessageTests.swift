import LiftoffKit
@testable import LiftoffProbes
import Testing

@Suite("RFC 1035 messages")
struct DNSMessageTests {
    @Test func queryLayout() {
        let bytes = DNSMessage.query(id: 0xBEEF, name: "app.test", type: DNSRecordType.AAAA.code)
        #expect(bytes == [0xBE, 0xEF, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 3, 0x61, 0x70, 0x70, 4, 0x74, 0x65, 0x73, 0x74, 0, 0, 28, 0, 1])
    }

    /// A response for app.test with a compressed CNAME, an A and an MX record.
    static let response: [UInt8] = [
        0xBE, 0xEF, 0x81, 0x80, 0, 1, 0, 3, 0, 0, 0, 0,
        3, 0x61, 0x70, 0x70, 4, 0x74, 0x65, 0x73, 0x74, 0, 0, 1, 0, 1,
        // app.test CNAME lb.app.test (pointer to offset 12 for "app.test")
        0xC0, 12, 0, 5, 0, 1, 0, 0, 0x0E, 0x10, 0, 5, 2, 0x6C, 0x62, 0xC0, 12,
        // lb.app.test A 203.0.113.7 (name = pointer to the CNAME target at offset 38)
        0xC0, 38, 0, 1, 0, 1, 0, 0, 1, 0x2C, 0, 4, 203, 0, 113, 7,
        // app.test MX 10 mail.app.test
        0xC0, 12, 0, 15, 0, 1, 0, 0, 0, 60, 0, 9, 0, 10, 4, 0x6D, 0x61, 0x69, 0x6C, 0xC0, 12,
    ]

    @Test func answersWithCompressedNames() throws {
        let parsed = try DNSMessage.parse(Self.response)
        #expect(parsed.id == 0xBEEF)
        #expect(parsed.rcode == 0)
        #expect(!parsed.truncated)
        #expect(parsed.answers == [
            DNSAnswer(name: "app.test.", type: "CNAME", ttl: 3600, value: "lb.app.test."),
            DNSAnswer(name: "lb.app.test.", type: "A", ttl: 300, value: "203.0.113.7"),
            DNSAnswer(name: "app.test.", type: "MX", ttl: 60, value: "10 mail.app.test."),
        ])
    }

    @Test func pointerLoopsAreRejected() {
        var bytes: [UInt8] = [0, 1, 0x81, 0x80, 0, 0, 0, 1, 0, 0, 0, 0]
        bytes += [0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 1, 0, 4, 1, 2, 3, 4]
        #expect(throws: DNSMessage.Malformed.self) { try DNSMessage.parse(bytes) }
    }

    @Test func shortMessagesAreRejected() {
        #expect(throws: DNSMessage.Malformed.self) { try DNSMessage.parse([0, 1, 0x81]) }
        #expect(throws: DNSMessage.Malformed.self) { try DNSMessage.parse(Array(Self.response.prefix(50))) }
    }

    @Test func nxdomainAndTruncationFlags() throws {
        let parsed = try DNSMessage.parse([0, 7, 0x83, 0x83, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect(DNSMessage.rcodeName(parsed.rcode) == "NXDOMAIN")
        #expect(parsed.truncated)
    }

    @Test func ipv6TextForm() {
        #expect(DNSMessage.ipv6([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]) == "2001:db8::1")
        #expect(DNSMessage.ipv6([UInt8](repeating: 0, count: 15) + [1]) == "::1")
    }

    @Test func resolvConf() {
        #expect(ResolvConf.firstNameserver(in: "# x\nsearch lan\nnameserver 10.0.0.2\nnameserver 1.1.1.1\n") == "10.0.0.2")
        #expect(ResolvConf.firstNameserver(in: "nameserver fe80::1%eth0") == "fe80::1")
        #expect(ResolvConf.firstNameserver(in: "") == nil)
        #expect(DNSProbe.split("127.0.0.1:5353") == ("127.0.0.1", 5353))
        #expect(DNSProbe.split("[::1]:5353") == ("::1", 5353))
        #expect(DNSProbe.split("::1") == ("::1", 53))
    }
}
