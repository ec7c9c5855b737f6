import CSQLite
import Foundation

/// The current result row of a statement, read by column position.
///
/// Reads are typed and strict: `int64(_:)` on a column holding TEXT or NULL is
/// an error naming the column and the SQL, rather than SQLite's silent
/// conversion to 0 (https://sqlite.org/c3ref/column_blob.html). Valid only
/// inside the closure it is passed to.
struct SQLiteRow {
    fileprivate let handle: OpaquePointer
    let sql: String

    init(handle: OpaquePointer, sql: String) {
        self.handle = handle
        self.sql = sql
    }

    /// Whether the column holds NULL.
    func isNull(_ column: Int32) -> Bool {
        sqlite3_column_type(handle, column) == SQLITE_NULL
    }

    func int64(_ column: Int32) throws(SQLiteError) -> Int64 {
        try expect(column, SQLITE_INTEGER, "INTEGER")
        return sqlite3_column_int64(handle, column)
    }

    func optionalInt64(_ column: Int32) throws(SQLiteError) -> Int64? {
        isNull(column) ? nil : try int64(column)
    }

    func int(_ column: Int32) throws(SQLiteError) -> Int {
        Int(try int64(column))
    }

    func optionalInt(_ column: Int32) throws(SQLiteError) -> Int? {
        try optionalInt64(column).map { Int($0) }
    }

    func optionalInt32(_ column: Int32) throws(SQLiteError) -> Int32? {
        guard let value = try optionalInt64(column) else { return nil }
        guard let narrow = Int32(exactly: value) else {
            throw mismatch(column, "holds \(value), which does not fit a 32-bit integer")
        }
        return narrow
    }

    func bool(_ column: Int32) throws(SQLiteError) -> Bool {
        try int64(column) != 0
    }

    /// A REAL column; an INTEGER is widened, as SQLite's own REAL affinity would.
    func double(_ column: Int32) throws(SQLiteError) -> Double {
        let type = sqlite3_column_type(handle, column)
        guard type == SQLITE_FLOAT || type == SQLITE_INTEGER else {
            throw mismatch(column, "holds \(typeName(type)) where REAL was expected")
        }
        return sqlite3_column_double(handle, column)
    }

    func string(_ column: Int32) throws(SQLiteError) -> String {
        try expect(column, SQLITE_TEXT, "TEXT")
        // Text is read with its byte length, so a NUL inside it is kept.
        let count = Int(sqlite3_column_bytes(handle, column))
        guard let bytes = sqlite3_column_text(handle, column) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    func optionalString(_ column: Int32) throws(SQLiteError) -> String? {
        isNull(column) ? nil : try string(column)
    }

    func data(_ column: Int32) throws(SQLiteError) -> Data {
        try expect(column, SQLITE_BLOB, "BLOB")
        let count = Int(sqlite3_column_bytes(handle, column))
        guard let bytes = sqlite3_column_blob(handle, column), count > 0 else { return Data() }
        return Data(bytes: bytes, count: count)
    }

    /// The column's name as the SQL gave it.
    func name(_ column: Int32) -> String {
        sqlite3_column_name(handle, column).map { String(cString: $0) } ?? "#\(column)"
    }

    private func expect(_ column: Int32, _ type: Int32, _ expected: String) throws(SQLiteError) {
        let actual = sqlite3_column_type(handle, column)
        guard actual == type else {
            throw mismatch(column, "holds \(typeName(actual)) where \(expected) was expected")
        }
    }

    private func mismatch(_ column: Int32, _ what: String) -> SQLiteError {
        SQLiteError(extendedCode: SQLITE_MISMATCH, message: "column '\(name(column))' \(what)", sql: sql)
    }

    private func typeName(_ type: Int32) -> String {
        switch type {
        case SQLITE_INTEGER: "INTEGER"
        case SQLITE_FLOAT: "REAL"
        case SQLITE_TEXT: "TEXT"
        case SQLITE_BLOB: "BLOB"
        default: "NULL"
        }
    }
}
