import CSQLite
import Foundation

/// SQLite's "copy the bytes before returning" destructor, `SQLITE_TRANSIENT`.
/// Swift does not import it: it is a macro that casts -1 to a function pointer
/// (https://sqlite.org/c3ref/c_static.html).
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// One prepared statement (`sqlite3_stmt`), finalized when the object goes away.
///
/// Every use binds all parameters, steps, and resets in one call
/// (`execute`, `forEachRow`), so a statement never keeps a read transaction
/// open between uses: "a statement that has not been reset … holds its read
/// transaction open" (https://sqlite.org/c3ref/reset.html). Like its
/// connection, it must be used by one thread at a time.
final class SQLiteStatement {
    /// The SQL text, carried into every error.
    let sql: String
    private let handle: OpaquePointer
    private let db: OpaquePointer
    private let parameterCount: Int
    /// Whether rows are being read from it, so a nested use (which would reset
    /// it under the reader) is caught instead of silently ending the loop.
    private var isReadingRows = false

    /// Prepares one statement.
    ///
    /// - Parameter persistent: a hint that the statement is kept and reused
    ///   (`SQLITE_PREPARE_PERSISTENT`, https://sqlite.org/c3ref/c_prepare_normalize.html).
    /// - Throws: `SQLiteError` when SQLite rejects the SQL, or when it holds no
    ///   statement or more than one (the tail would be silently ignored).
    init(db: OpaquePointer, sql: String, persistent: Bool = false) throws(SQLiteError) {
        var statement: OpaquePointer?
        let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        let (rc, trailing) = sql.withCString { text -> (Int32, Bool) in
            var tail: UnsafePointer<CChar>?
            let rc = sqlite3_prepare_v3(db, text, -1, flags, &statement, &tail)
            let rest = tail.map { String(cString: $0) } ?? ""
            return (rc, rest.contains { !$0.isWhitespace && $0 != ";" })
        }
        guard rc == SQLITE_OK else {
            sqlite3_finalize(statement)
            throw SQLiteError(code: rc, connection: db, sql: sql)
        }
        guard let statement else {
            throw SQLiteError.misuse("the SQL holds no statement", sql: sql)
        }
        guard !trailing else {
            sqlite3_finalize(statement)
            throw SQLiteError.misuse("the SQL holds more than one statement; use executeScript", sql: sql)
        }
        self.sql = sql
        self.handle = statement
        self.db = db
        self.parameterCount = Int(sqlite3_bind_parameter_count(statement))
    }

    deinit {
        // sqlite3_finalize returns the error of the last evaluation, already
        // reported when it happened; finalizing itself always succeeds.
        sqlite3_finalize(handle)
    }

    // MARK: - Running

    /// Binds `values` and runs the statement to completion, ignoring any rows.
    func execute(_ values: [any SQLiteBindable] = []) throws(SQLiteError) {
        try bind(values)
        defer { sqlite3_reset(handle) }
        while try step() {}
    }

    /// Binds `values` and calls `body` with each result row in turn.
    func forEachRow(_ values: [any SQLiteBindable] = [], _ body: (SQLiteRow) throws -> Void) throws {
        try bind(values)
        isReadingRows = true
        defer { sqlite3_reset(handle); isReadingRows = false }
        let row = SQLiteRow(handle: handle, sql: sql)
        while try step() {
            try body(row)
        }
    }

    /// Binds `values` and decodes every result row.
    func rows<T>(_ values: [any SQLiteBindable] = [], _ decode: (SQLiteRow) throws -> T) throws -> [T] {
        var result: [T] = []
        try forEachRow(values) { result.append(try decode($0)) }
        return result
    }

    /// Binds `values` and decodes the first result row, if any.
    func firstRow<T>(_ values: [any SQLiteBindable] = [], _ decode: (SQLiteRow) throws -> T) throws -> T? {
        try bind(values)
        defer { sqlite3_reset(handle) }
        guard try step() else { return nil }
        return try decode(SQLiteRow(handle: handle, sql: sql))
    }

    /// One `sqlite3_step`: true when a row is ready, false when done.
    private func step() throws(SQLiteError) -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        // With sqlite3_prepare_v3 the step's own result code is the specific
        // error (https://sqlite.org/c3ref/step.html, "Goofy Interface Alert" is v1 only).
        case let rc: throw SQLiteError(code: rc, connection: db, sql: sql)
        }
    }

    // MARK: - Binding

    /// Binds every parameter, by position; the count must match exactly.
    private func bind(_ values: [any SQLiteBindable]) throws(SQLiteError) {
        guard !isReadingRows else {
            throw .misuse("the statement is used again while its rows are being read; prepare another", sql: sql)
        }
        guard values.count == parameterCount else {
            throw .misuse("the statement has \(parameterCount) parameters but \(values.count) values were given", sql: sql)
        }
        // Reset first: binding to a statement that is mid-run is SQLITE_MISUSE.
        sqlite3_reset(handle)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let rc = bind(value.sqliteValue, at: index)
            guard rc == SQLITE_OK else { throw SQLiteError(code: rc, connection: db, sql: sql) }
        }
    }

    private func bind(_ value: SQLiteValue, at index: Int32) -> Int32 {
        switch value {
        case .integer(let int):
            return sqlite3_bind_int64(handle, index, int)
        case .real(let double):
            return sqlite3_bind_double(handle, index, double)
        case .text(var text):
            // A nil pointer would bind NULL, so the empty string is bound explicitly.
            return text.withUTF8 { bytes in
                guard let base = bytes.baseAddress, bytes.count > 0 else {
                    return sqlite3_bind_text(handle, index, "", 0, transient)
                }
                return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    sqlite3_bind_text(handle, index, $0, Int32(bytes.count), transient)
                }
            }
        case .blob(let data):
            return data.withUnsafeBytes { bytes in
                guard let base = bytes.baseAddress, bytes.count > 0 else {
                    return sqlite3_bind_zeroblob(handle, index, 0)
                }
                return sqlite3_bind_blob(handle, index, base, Int32(bytes.count), transient)
            }
        case .null:
            return sqlite3_bind_null(handle, index)
        }
    }
}
