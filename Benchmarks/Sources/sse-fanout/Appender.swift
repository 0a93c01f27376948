import BenchSupport
import Foundation

/// The separate appending process (`sse-fanout _append …`, started by the benchmark): notes through
/// the API at a fixed rate, each on its own connection, and for every event a 201 answer carried,
/// `seq ackTime` (CLOCK_REALTIME when the answer's last byte was read) to a file.
enum Appender {
    static func run(port: Int, launch: String, token: String, rate: Int, seconds: Int, acks: String) -> Int32 {
        var lines = ""
        var failures = 0
        let total = rate * seconds
        let start = realtime()
        for i in 0..<total {
            let due = start + Double(i) / Double(rate)
            let wait = due - realtime()
            if wait > 0 { usleep(UInt32(wait * 1e6)) }
            let body = "{\"text\":\"fanout tick \(i)\"}"
            let head = "POST /api/v1/launches/\(launch)/notes HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAuthorization: Bearer \(token)\r\nContent-Type: application/json\r\n"
            guard let answer = request(port: port, head, body: body), answer.status == 201 else {
                failures += 1
                continue
            }
            let acked = realtime()
            for seq in sequenceNumbers(answer.body) { lines += "\(seq) \(acked)\n" }
        }
        let elapsed = realtime() - start
        lines += "# appends \(total - failures) failed \(failures) seconds \(elapsed)\n"
        do { try lines.write(toFile: acks, atomically: true, encoding: .utf8) } catch { return 3 }
        return failures == 0 ? 0 : 1
    }

    /// `--via store`: the same schedule, each note one durable transaction on the SQLite file
    /// (`StoreAppender`); the ack time is when COMMIT returned.
    static func runStore(path: String, launch: Int64, rate: Int, seconds: Int, acks: String) -> Int32 {
        let appender: StoreAppender
        do { appender = try StoreAppender(path: path, launch: launch) } catch {
            try? "# appends 0 failed \(rate * seconds) seconds 0 (\(error))\n".write(toFile: acks, atomically: true, encoding: .utf8)
            return 3
        }
        var lines = ""
        var failures = 0
        let total = rate * seconds
        let start = realtime()
        for i in 0..<total {
            let wait = start + Double(i) / Double(rate) - realtime()
            if wait > 0 { usleep(UInt32(wait * 1e6)) }
            guard let seq = try? appender.append(text: "fanout tick \(i)") else { failures += 1; continue }
            lines += "\(seq) \(realtime())\n"
        }
        lines += "# appends \(total - failures) failed \(failures) seconds \(realtime() - start)\n"
        do { try lines.write(toFile: acks, atomically: true, encoding: .utf8) } catch { return 3 }
        return failures == 0 ? 0 : 1
    }

    /// Every `"seq":N` in an answer's JSON.
    static func sequenceNumbers(_ json: String) -> [Int] {
        json.components(separatedBy: "\"seq\":").dropFirst().compactMap { Int($0.drop { $0 == " " }.prefix { $0.isNumber }) }
    }
}
