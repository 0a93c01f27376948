import Foundation
import LiftoffServer
import LiftoffTestSupport
import Testing

/// Finding 5: slow clients. A real `liftoff serve` child process, raw sockets.
@Suite(.serialized) struct SlowClientTests {
    static func database() throws -> (URL, String) {
        let directory = try Repository.temporaryDirectory("liftoff-slow")
        return (directory, "sqlite:" + directory.appendingPathComponent("l.db").path)
    }

    @Test func capsFitTheDescriptorLimitAndNoClientTakesMoreThanHalf() {
        let limits = ConnectionLimits()
        #expect(limits.effectiveTotal(descriptorLimit: 256) == 192, "64 descriptors stay free of connections")
        #expect(limits.effectivePerClient(descriptorLimit: 256) == 96)
        #expect(limits.effectiveTotal(descriptorLimit: 1024) == 960)
        #expect(limits.effectivePerClient(descriptorLimit: 1024) == 256)
        #expect(limits.effectiveTotal(descriptorLimit: nil) == 1000)
        #expect(limits.effectiveTotal(descriptorLimit: 10) == 1)
    }

    static let healthz = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"

    /// 1,100 slowloris connections under a 1,024-descriptor limit took /healthz down. Here: 300
    /// connections that never finish their headers, against a server limited to 256 descriptors.
    @Test func slowlorisUnderALowDescriptorLimitKeepsHealthzAnswering() async throws {
        let (directory, db) = try Self.database()
        defer { try? FileManager.default.removeItem(at: directory) }
        guard let server = try await ServeProcess.start(db: db, arguments: ["--no-watcher", "--header-timeout", "8"], descriptorLimit: 256) else { return }
        defer { server.stop() }
        let port = server.port
        let (slow, health, cut) = try await RawConnection.off { () throws -> (Int, String, Int) in
            var slow: [RawConnection] = []
            for _ in 0..<300 {
                guard let connection = try? RawConnection(port: port) else { break }
                connection.send("GET /launches HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
                slow.append(connection)
            }
            // Another client (another loopback address) still gets an answer at once.
            let probe = try RawConnection(port: port, from: "127.0.0.2")
            probe.send(Self.healthz)
            let health = probe.read(timeout: 5).text
            // And the slow ones are cut off when their header time is up.
            Thread.sleep(forTimeInterval: 10)
            var cut = 0
            for connection in slow where connection.read(timeout: 0.05).closed { cut += 1 }
            return (slow.count, health, cut)
        }
        #expect(slow == 300, "the kernel accepted every slow connection")
        #expect(health.hasPrefix("HTTP/1.1 200"), "healthz: \(health.prefix(200))\nlog: \(server.log.suffix(2000))")
        #expect(cut == slow, "every slowloris connection is closed after the header timeout")
        let after = try await RawConnection.off { () throws -> String in
            let probe = try RawConnection(port: port)
            probe.send(Self.healthz)
            return probe.read(timeout: 5).text
        }
        #expect(after.hasPrefix("HTTP/1.1 200"), "the server is whole afterwards")
    }

    @Test func oneClientCannotHoldMoreThanItsShare() async throws {
        let (directory, db) = try Self.database()
        defer { try? FileManager.default.removeItem(at: directory) }
        guard let server = try await ServeProcess.start(db: db, arguments: ["--no-watcher", "--max-connections-per-client", "5"]) else { return }
        defer { server.stop() }
        let port = server.port
        let (sixthClosed, other) = try await RawConnection.off { () throws -> (Bool, String) in
            let held = try (0..<5).map { _ in try RawConnection(port: port) }
            for connection in held { connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n") }
            for connection in held { _ = connection.read(timeout: 0.5) }
            let sixth = try RawConnection(port: port)
            sixth.send(Self.healthz)
            let sixthClosed = sixth.read(timeout: 5)
            let probe = try RawConnection(port: port, from: "127.0.0.2")
            probe.send(Self.healthz)
            return (sixthClosed.closed && !sixthClosed.text.contains("200"), probe.read(timeout: 5).text)
        }
        #expect(sixthClosed, "the sixth connection of one address is closed unanswered")
        #expect(other.hasPrefix("HTTP/1.1 200"))
    }

    /// A body shorter than its Content-Length waited forever.
    @Test func aBodyShorterThanItsContentLengthTimesOut() async throws {
        let (directory, db) = try Self.database()
        defer { try? FileManager.default.removeItem(at: directory) }
        guard let server = try await ServeProcess.start(db: db, arguments: ["--no-watcher", "--body-timeout", "2"]) else { return }
        defer { server.stop() }
        let port = server.port
        let (closed, seconds) = try await RawConnection.off { () throws -> (Bool, Double) in
            let connection = try RawConnection(port: port)
            let started = Date()
            connection.send("POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ntoken=abc")
            let reply = connection.read(timeout: 10)
            return (reply.closed, Date().timeIntervalSince(started))
        }
        #expect(closed, "the server closes a connection whose body stops short")
        #expect(seconds < 8, "within the body timeout (took \(seconds) s)")
    }

    /// After a 413 the connection stayed open, unread.
    @Test func a413ClosesTheConnection() async throws {
        let (directory, db) = try Self.database()
        defer { try? FileManager.default.removeItem(at: directory) }
        guard let server = try await ServeProcess.start(db: db, arguments: ["--no-watcher"]) else { return }
        defer { server.stop() }
        let port = server.port
        let (reply, closed) = try await RawConnection.off { () throws -> (String, Bool) in
            let connection = try RawConnection(port: port)
            connection.send("POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 10000000\r\n\r\n")
            connection.send("token=" + String(repeating: "a", count: 4000))
            let reply = connection.read(timeout: 5)
            return (reply.text, reply.closed)
        }
        #expect(reply.hasPrefix("HTTP/1.1 413"), "\(reply.prefix(300))")
        #expect(closed, "the connection is closed after the 413, not kept reading a body nobody wants")
    }
}
