import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The system's SQLite, opened with dlopen(3) and called through dlsym'd C function pointers.
///
/// Why this way: the benchmarks stay Foundation-only (no C target, no SQLite package, no
/// headers needed at build time), and the only thing needed at run time is `libsqlite3.so.0`,
/// which every machine with the `sqlite3` CLI has. Foundation on Linux has no `SQLite3` module.
/// Used in-process for the durable-commit peer (`api-appends`) and to seed and extend launches
/// (`EventSeeder`). Liftoff's server uses its own SQLite build (SQLiteNIO); `version` says which
/// library the peer ran on.
public final class SQLiteLibrary: @unchecked Sendable {
    typealias OpenV2 = @convention(c) (UnsafePointer<CChar>?, UnsafeMutablePointer<OpaquePointer?>?, Int32, UnsafePointer<CChar>?) -> Int32
    typealias CloseV2 = @convention(c) (OpaquePointer?) -> Int32
    typealias Exec = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, UnsafeMutableRawPointer?, UnsafeMutableRawPointer?, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32
    typealias Prepare = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, Int32, UnsafeMutablePointer<OpaquePointer?>?, UnsafeMutablePointer<UnsafePointer<CChar>?>?) -> Int32
    // The destructor argument is passed as an integer: -1 is SQLITE_TRANSIENT (SQLite copies the text).
    typealias BindText = @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, Int32, Int) -> Int32
    typealias BindInt64 = @convention(c) (OpaquePointer?, Int32, Int64) -> Int32
    typealias StatementCall = @convention(c) (OpaquePointer?) -> Int32
    typealias ColumnText = @convention(c) (OpaquePointer?, Int32) -> UnsafePointer<UInt8>?
    typealias ColumnCount = @convention(c) (OpaquePointer?) -> Int32
    typealias ErrorMessage = @convention(c) (OpaquePointer?) -> UnsafePointer<CChar>?
    typealias BusyTimeout = @convention(c) (OpaquePointer?, Int32) -> Int32
    typealias LibVersion = @convention(c) () -> UnsafePointer<CChar>?

    let openV2: OpenV2, closeV2: CloseV2, exec: Exec, prepare: Prepare, bindText: BindText, bindInt64: BindInt64
    let step: StatementCall, reset: StatementCall, finalize: StatementCall, clearBindings: StatementCall
    let columnText: ColumnText, columnCount: ColumnCount, errmsg: ErrorMessage, busyTimeout: BusyTimeout
    /// `sqlite3_libversion()`, e.g. 3.40.1.
    public let version: String

    public static let shared: SQLiteLibrary? = try? SQLiteLibrary()

    public init() throws {
        guard let handle = dlopen("libsqlite3.so.0", RTLD_NOW) ?? dlopen("libsqlite3.so", RTLD_NOW) else {
            throw BenchError("cannot load libsqlite3.so.0 (install libsqlite3-0 / the sqlite3 CLI): \(String(cString: dlerror()))")
        }
        func symbol<T>(_ name: String, _: T.Type) throws -> T {
            guard let pointer = dlsym(handle, name) else { throw BenchError("libsqlite3 has no \(name)") }
            return unsafeBitCast(pointer, to: T.self)
        }
        openV2 = try symbol("sqlite3_open_v2", OpenV2.self)
        closeV2 = try symbol("sqlite3_close_v2", CloseV2.self)
        exec = try symbol("sqlite3_exec", Exec.self)
        prepare = try symbol("sqlite3_prepare_v2", Prepare.self)
        bindText = try symbol("sqlite3_bind_text", BindText.self)
        bindInt64 = try symbol("sqlite3_bind_int64", BindInt64.self)
        step = try symbol("sqlite3_step", StatementCall.self)
        reset = try symbol("sqlite3_reset", StatementCall.self)
        finalize = try symbol("sqlite3_finalize", StatementCall.self)
        clearBindings = try symbol("sqlite3_clear_bindings", StatementCall.self)
        columnText = try symbol("sqlite3_column_text", ColumnText.self)
        columnCount = try symbol("sqlite3_column_count", ColumnCount.self)
        errmsg = try symbol("sqlite3_errmsg", ErrorMessage.self)
        busyTimeout = try symbol("sqlite3_busy_timeout", BusyTimeout.self)
        let libversion = try symbol("sqlite3_libversion", LibVersion.self)
        version = libversion().map { String(cString: $0) } ?? "?"
    }
}

/// A value bound to a `?` parameter.
public enum SQLiteValue {
    case text(String)
    case integer(Int64)
}

/// One connection (SQLITE_OPEN_READWRITE | CREATE | FULLMUTEX), used from one thread.
public final class SQLiteConnection {
    let lib: SQLiteLibrary
    let db: OpaquePointer

    public init(path: String, library: SQLiteLibrary? = SQLiteLibrary.shared) throws {
        guard let library else { _ = try SQLiteLibrary(); throw BenchError("libsqlite3 is not available") }
        lib = library
        var handle: OpaquePointer?
        let flags: Int32 = 0x2 | 0x4 | 0x10000  // READWRITE | CREATE | FULLMUTEX
        let rc = lib.openV2(path, &handle, flags, nil)
        guard rc == 0, let handle else { throw BenchError("cannot open \(path): sqlite3 error \(rc)") }
        db = handle
        _ = lib.busyTimeout(db, 10_000)
    }

    deinit { _ = lib.closeV2(db) }

    var message: String { lib.errmsg(db).map { String(cString: $0) } ?? "?" }

    /// Runs statements that return nothing (`PRAGMA …; BEGIN; …`).
    public func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        let rc = lib.exec(db, sql, nil, nil, &error)
        guard rc == 0 else {
            let text = error.map { String(cString: $0) } ?? message
            throw BenchError("sqlite3 \(rc) on `\(sql.prefix(80))`: \(text)")
        }
    }

    public func prepare(_ sql: String) throws -> SQLiteStatement {
        var statement: OpaquePointer?
        let rc = lib.prepare(db, sql, -1, &statement, nil)
        guard rc == 0, let statement else { throw BenchError("sqlite3 \(rc) preparing `\(sql.prefix(80))`: \(message)") }
        return SQLiteStatement(connection: self, statement: statement)
    }

    /// Every row's columns as text (NULL as nil).
    public func query(_ sql: String, _ values: [SQLiteValue] = []) throws -> [[String?]] {
        let statement = try prepare(sql)
        return try statement.rows(values)
    }
}

public final class SQLiteStatement {
    let connection: SQLiteConnection
    let statement: OpaquePointer

    init(connection: SQLiteConnection, statement: OpaquePointer) {
        self.connection = connection
        self.statement = statement
    }

    deinit { _ = connection.lib.finalize(statement) }

    func bind(_ values: [SQLiteValue]) throws {
        let lib = connection.lib
        _ = lib.reset(statement)
        _ = lib.clearBindings(statement)
        for (i, value) in values.enumerated() {
            let rc: Int32
            switch value {
            case .text(let s): rc = lib.bindText(statement, Int32(i + 1), s, -1, -1)
            case .integer(let n): rc = lib.bindInt64(statement, Int32(i + 1), n)
            }
            guard rc == 0 else { throw BenchError("sqlite3 \(rc) binding parameter \(i + 1): \(connection.message)") }
        }
    }

    /// Runs a statement that returns no rows (SQLITE_DONE expected).
    public func run(_ values: [SQLiteValue] = []) throws {
        try bind(values)
        let rc = connection.lib.step(statement)
        _ = connection.lib.reset(statement)
        guard rc == 101 else { throw BenchError("sqlite3 \(rc) stepping: \(connection.message)") }
    }

    public func rows(_ values: [SQLiteValue] = []) throws -> [[String?]] {
        try bind(values)
        let lib = connection.lib
        var out: [[String?]] = []
        let columns = lib.columnCount(statement)
        while true {
            let rc = lib.step(statement)
            if rc == 101 { break }
            guard rc == 100 else { _ = lib.reset(statement); throw BenchError("sqlite3 \(rc) stepping: \(connection.message)") }
            out.append((0..<columns).map { c in lib.columnText(statement, c).map { String(cString: $0) } })
        }
        _ = lib.reset(statement)
        return out
    }
}

/// An error with a message for the benchmark's user.
public struct BenchError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
