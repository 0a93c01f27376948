import LiftoffTestSupport
import Foundation
import LiftoffKit
@testable import LiftoffProbes
import Testing

/// dnsmasq on 127.0.0.1 with a random high port and records of its own; killed after each test.
final class TestDNSServer: Sendable {
    let port: Int
    private let owned: OwnedProcess

    init() throws {
        guard let dnsmasq = Tools.path("dnsmasq") else { throw TestServerError("dnsmasq is not installed (CI=true): apt-get install dnsmasq-base") }
        var lastError = ""
        for _ in 0..<5 {
            let port = Tools.freePort(type: Int32(SOCK_DGRAM.rawValue))
            let directory = try OwnedProcess.temporaryDirectory("liftoff-dnsmasq")
            let conf = directory.appendingPathComponent("dnsmasq.conf")
            try "# records come from the command line\n".write(to: conf, atomically: true, encoding: .utf8)
            let longTXT = (1...12).map { "--txt-record=big.app.test,\(String(repeating: "v\($0)-", count: 20))" }
            let arguments = [
                "--keep-in-foreground", "--no-daemon", "--conf-file=\(conf.path)", "--no-resolv", "--no-hosts", "--no-poll",
                "--listen-address=127.0.0.1", "--bind-interfaces", "--port=\(port)", "--pid-file=", "--user=root", "--group=root",
                "--local-ttl=300", "--log-facility=\(directory.path)/dnsmasq.log",
                "--host-record=app.test,203.0.113.7,2001:db8::7",
                "--cname=www.app.test,app.test",
                "--mx-host=app.test,mail.app.test,10",
                "--txt-record=app.test,v=spf1 -all",
                "--dns-rr=app.test,257,000569737375656C657473656E63727970742E6F7267",
                "--local=/app.test/",
            ] + longTXT
            let process = try OwnedProcess(dnsmasq, arguments, directory: directory)
            // Ready when it answers; gone when the port was taken.
            for _ in 0..<50 {
                if !process.isRunning { break }
                if Self.answers(port) {
                    self.port = port
                    owned = process
                    return
                }
                usleep(100_000)
            }
            lastError = "wait status \(process.waitStatus.map(String.init) ?? "none"): " + process.output + ((try? String(contentsOfFile: directory.path + "/dnsmasq.log", encoding: .utf8)) ?? "")
            process.stop()
        }
        throw TestServerError("dnsmasq did not start: \(lastError)")
    }

    private static func answers(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let query = DNSMessage.query(id: 7, name: "app.test", type: 1)
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(fd, query, query.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard sent > 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: 512)
        return recv(fd, &buffer, buffer.count, 0) > 0
    }

    func stop() { owned.stop() }
}

@Suite("dns probe against dnsmasq", .serialized, .enabled(if: Tools.available("dnsmasq")))
struct DNSProbeTests {
    func withServer(_ body: (String) async throws -> Void) async throws {
        let server = try TestDNSServer()
        defer { server.stop() }
        try await body("server 127.0.0.1:\(server.port)")
    }

    @Test func recordsOfEveryKind() async throws {
        try await withServer { server in
            let a = try await Probing.run(#"check dns app.test A \#(server) expect answer == "203.0.113.7" and ttl <= 300 and rcode == NOERROR"#)
            #expect(a.status == .pass, "\(a.summary)")
            let aaaa = try await Probing.run(#"check dns app.test AAAA \#(server) expect answer == "2001:db8::7""#)
            #expect(aaaa.status == .pass, "\(aaaa.summary)")
            let cname = try await Probing.run(#"check dns www.app.test CNAME \#(server) expect answer == "app.test""#)
            #expect(cname.status == .pass, "\(cname.summary)")
            let mx = try await Probing.run(#"check dns app.test MX \#(server) expect answer == "10 mail.app.test""#)
            #expect(mx.status == .pass, "\(mx.summary)")
            let txt = try await Probing.run(#"check dns app.test TXT \#(server) expect answer contains "v=spf1 -all""#)
            #expect(txt.status == .pass, "\(txt.summary)")
            let caa = try await Probing.run(#"check dns app.test CAA \#(server) expect answer ~ "issue \"letsencrypt.org\"""#)
            #expect(caa.status == .pass, "\(caa.summary)")
        }
    }

    @Test func wrongAddressExplainsItself() async throws {
        try await withServer { server in
            let result = try await Probing.run(#"check dns app.test A \#(server) expect answer == "198.51.100.1""#)
            #expect(result.summary == #"expected answer == "198.51.100.1", observed 203.0.113.7"#)
            let ttl = try await Probing.run("check dns app.test A \(server) expect ttl < 60")
            #expect(ttl.summary == "expected ttl < 60, observed 300s")
        }
    }

    @Test func nxdomain() async throws {
        try await withServer { server in
            let result = try await Probing.run(#"check dns missing.app.test A \#(server) expect rcode == NOERROR and answer == "203.0.113.7""#)
            #expect(result.outcomes.map(\.observed) == ["NXDOMAIN", "no answers (rcode NXDOMAIN)"])
        }
    }

    @Test func truncatedUDPAnswerIsRetriedOverTCP() async throws {
        try await withServer { server in
            let result = try await Probing.run(#"check dns big.app.test TXT \#(server) expect answer contains "v12-v12-""#)
            #expect(result.status == .pass, "\(result.summary)")
            #expect(result.outcomes.first?.observed.components(separatedBy: ", ").count == 12)
        }
    }

    @Test func deadServerTimesOut() async throws {
        let result = try await Probing.run("check dns app.test A server 127.0.0.1:\(Tools.freePort(type: Int32(SOCK_DGRAM.rawValue))) timeout 1s expect rcode == NOERROR")
        #expect(result.status == .error)
    }
}
