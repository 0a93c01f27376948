import Foundation

/// Grows launches quickly and honestly, so a benchmark can start from a 3,000- or 30,000-event
/// launch without waiting for today's O(n) fold per append (`liftoff _append-loop` takes ~0.3 s
/// per append on a debug build, i.e. hours for 30,000).
///
/// How: liftoff writes the launch and one real note (`liftoff launch create`, `liftoff note add`);
/// the seeder re-reads the whole chain and recomputes every hash the way `EventChain` does
/// (SHA-256 of the previous hash's 32 bytes ‖ the canonical JSON of the event without its hash) —
/// if one differs it refuses, so a change to the chain's definition cannot slip past. Then it
/// appends copies of that last note (same actor, type and time, texts `seed note N`) with
/// correct seqs and hashes, in a few large transactions. The caller then runs `liftoff verify`,
/// so the log the server reads is one liftoff itself accepts as intact. Writes to the
/// `events` and `launches` tables only; run it before the server starts.
public enum EventSeeder {
    public struct Row {
        public var seq: Int
        public var time: String
        public var actor: String
        public var type: String
        public var payload: String
        public var hash: String
    }

    /// The canonical body liftoff hashes: keys sorted (actor, launch, payload, seq, time, type);
    /// the payload is stored in canonical form already.
    public static func canonicalBody(launch: Int64, _ row: Row) -> String {
        "{\"actor\":\(jsonString(row.actor)),\"launch\":\(launch),\"payload\":\(row.payload),\"seq\":\(row.seq),\"time\":\(jsonString(row.time)),\"type\":\(jsonString(row.type))}"
    }

    public static func chainHash(previous: String, body: String) -> String {
        let previousBytes = SHA256Digest.bytes(hex: previous) ?? [UInt8](repeating: 0, count: 32)
        return SHA256Digest.hex(SHA256Digest.hash(previousBytes + Array(body.utf8)))
    }

    /// CanonicalJSON's string form: only `"`, `\` and control characters are escaped.
    public static func jsonString(_ s: String) -> String {
        var out = "\""
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
        return out + "\""
    }

    static func rows(_ db: SQLiteConnection, launch: Int64) throws -> [Row] {
        try db.query("SELECT seq, time, actor, type, payload, hash FROM events WHERE launch_id = ? ORDER BY seq", [.integer(launch)]).map {
            Row(seq: Int($0[0] ?? "") ?? 0, time: $0[1] ?? "", actor: $0[2] ?? "", type: $0[3] ?? "", payload: $0[4] ?? "", hash: $0[5] ?? "")
        }
    }

    /// Recomputes the launch's chain as stored by liftoff; throws at the first link this code
    /// computes differently (then seeding would write a broken log: use the CLI instead).
    @discardableResult
    public static func checkChain(_ db: SQLiteConnection, launch: Int64) throws -> [Row] {
        let all = try rows(db, launch: launch)
        guard !all.isEmpty else { throw BenchError("launch \(launch) has no events") }
        var previous = String(repeating: "0", count: 64)
        for (i, row) in all.enumerated() {
            guard row.seq == i + 1 else { throw BenchError("launch \(launch): seq \(row.seq) where \(i + 1) was expected") }
            let expected = chainHash(previous: previous, body: canonicalBody(launch: launch, row))
            guard expected == row.hash else {
                throw BenchError("launch \(launch) seq \(row.seq): liftoff's hash \(row.hash.prefix(12))… is not the benchmark's \(expected.prefix(12))…; the chain's definition changed, so seeding by SQL would write a broken log (grow the launch through the API instead)")
            }
            previous = row.hash
        }
        return all
    }

    /// Appends copies of the launch's last event (a `note.added` liftoff wrote) until it has
    /// `total` events. Returns how many were added.
    @discardableResult
    public static func extend(path: String, launch: Int64, to total: Int, batch: Int = 5_000) throws -> Int {
        let db = try SQLiteConnection(path: path)
        let all = try checkChain(db, launch: launch)
        guard let last = all.last, last.type == "note.added", last.payload.hasPrefix("{\"text\":") else {
            throw BenchError("launch \(launch) must end with a note liftoff wrote (liftoff note add) before it is extended")
        }
        guard all.count < total else { return 0 }
        let insert = try db.prepare("INSERT INTO events (launch_id, seq, time, actor, type, payload, hash) VALUES (?, ?, ?, ?, ?, ?, ?)")
        var previous = last.hash
        var seq = last.seq
        while seq < total {
            try db.execute("BEGIN IMMEDIATE")
            for _ in 0..<min(batch, total - seq) {
                seq += 1
                var row = last
                row.seq = seq
                row.payload = "{\"text\":\(jsonString("seed note \(seq)"))}"
                row.hash = chainHash(previous: previous, body: canonicalBody(launch: launch, row))
                try insert.run([.integer(launch), .integer(Int64(seq)), .text(row.time), .text(row.actor), .text(row.type), .text(row.payload), .text(row.hash)])
                previous = row.hash
            }
            try db.execute("COMMIT")
        }
        return total - all.count
    }

    /// Copies launch `source` (named `sourceName`) as new launches named `names`, each event
    /// re-hashed for its new launch id; `"name":"sourceName"` in the creation event becomes the
    /// new name (exactly one occurrence, else it refuses). Returns the new launch ids.
    public static func clone(path: String, source: Int64, sourceName: String, names: [String]) throws -> [Int64] {
        let db = try SQLiteConnection(path: path)
        let all = try checkChain(db, launch: source)
        let needle = "\"name\":\(jsonString(sourceName))"
        guard all[0].payload.components(separatedBy: needle).count == 2 else {
            throw BenchError("the creation event of launch \(source) does not name it exactly once as \(needle); cannot clone it")
        }
        guard let createdAt = try db.query("SELECT created_at FROM launches WHERE id = ?", [.integer(source)]).first?[0] ?? nil else {
            throw BenchError("no launch \(source)")
        }
        let addLaunch = try db.prepare("INSERT INTO launches (name, created_at) VALUES (?, ?)")
        let insert = try db.prepare("INSERT INTO events (launch_id, seq, time, actor, type, payload, hash) VALUES (?, ?, ?, ?, ?, ?, ?)")
        var ids: [Int64] = []
        for name in names {
            try db.execute("BEGIN IMMEDIATE")
            try addLaunch.run([.text(name), .text(createdAt)])
            guard let id = (try db.query("SELECT last_insert_rowid()").first?[0] ?? nil).flatMap({ Int64($0) }) else { throw BenchError("no id for the new launch \(name)") }
            var previous = String(repeating: "0", count: 64)
            for var row in all {
                if row.seq == 1 { row.payload = row.payload.replacingOccurrences(of: needle, with: "\"name\":\(jsonString(name))") }
                row.hash = chainHash(previous: previous, body: canonicalBody(launch: id, row))
                try insert.run([.integer(id), .integer(Int64(row.seq)), .text(row.time), .text(row.actor), .text(row.type), .text(row.payload), .text(row.hash)])
                previous = row.hash
            }
            try db.execute("COMMIT")
            ids.append(id)
        }
        return ids
    }
}

/// Appends notes to a launch the way another liftoff process on the same SQLite file does
/// (`liftoff note add` or `liftoff step done` beside `liftoff serve`), without its fold: one
/// transaction per note (BEGIN IMMEDIATE, read the head, insert the next seq with its chain hash,
/// COMMIT), the event a copy of the launch's last note (same actor and type) with a new text and
/// the current time. Used by sse-fanout's `--via store` to measure how fast a server sees other
/// processes' commits.
public final class StoreAppender {
    let db: SQLiteConnection
    let launch: Int64
    let template: EventSeeder.Row
    let head: SQLiteStatement
    let insert: SQLiteStatement
    let formatter: DateFormatter

    public init(path: String, launch: Int64) throws {
        db = try SQLiteConnection(path: path)
        try db.execute("PRAGMA synchronous = FULL")
        let all = try EventSeeder.checkChain(db, launch: launch)
        guard let last = all.last(where: { $0.type == "note.added" && $0.payload.hasPrefix("{\"text\":") }) else {
            throw BenchError("launch \(launch) has no note liftoff wrote (liftoff note add) to copy")
        }
        self.launch = launch
        template = last
        head = try db.prepare("SELECT seq, hash FROM events WHERE launch_id = ? ORDER BY seq DESC LIMIT 1")
        insert = try db.prepare("INSERT INTO events (launch_id, seq, time, actor, type, payload, hash) VALUES (?, ?, ?, ?, ?, ?, ?)")
        formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'"
    }

    /// One durable append; returns its seq.
    public func append(text: String) throws -> Int {
        try db.execute("BEGIN IMMEDIATE")
        do {
            guard let row = try head.rows([.integer(launch)]).first, let seq = Int(row[0] ?? ""), let previous = row[1] ?? nil else {
                throw BenchError("launch \(launch) has no events")
            }
            var event = template
            event.seq = seq + 1
            event.time = formatter.string(from: Date(timeIntervalSince1970: (Date().timeIntervalSince1970 * 1000).rounded(.down) / 1000))
            event.payload = "{\"text\":\(EventSeeder.jsonString(text))}"
            event.hash = EventSeeder.chainHash(previous: previous, body: EventSeeder.canonicalBody(launch: launch, event))
            try insert.run([.integer(launch), .integer(Int64(event.seq)), .text(event.time), .text(event.actor), .text(event.type), .text(event.payload), .text(event.hash)])
            try db.execute("COMMIT")
            return event.seq
        } catch {
            try? db.execute("ROLLBACK")
            throw error
        }
    }
}
