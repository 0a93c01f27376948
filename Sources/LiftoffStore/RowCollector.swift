import Foundation
import SQLiteNIO

/// Gathers rows that sqlite-nio hands over one at a time on its thread.
final class RowCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var rows: [SQLiteRow] = []

    func append(_ row: SQLiteRow) {
        lock.lock()
        rows.append(row)
        lock.unlock()
    }

    var all: [SQLiteRow] {
        lock.lock()
        defer { lock.unlock() }
        return rows
    }
}
