import CSQLite
import Foundation

/// One connection to a database file (`sqlite3*`), closed when the object goes away.
///
/// **Threading.** The connection is opened with `SQLITE_OPEN_NOMUTEX`, SQLite's
/// "multi-thread" mode (https://sqlite.org/threadsafe.html): it and its
/// statements must never be used by two threads at once. SQLite's own
/// per-connection mutex (`FULLMUTEX`) would not be enough anyway: a transaction
/// spans many calls, and another thread's statement slipping in between would
/// join it. So the owner serializes whole transactions (`MetadataStore` holds a
/// lock around each one) and SQLite's mutex would only cost time.
///
/// Several connections, in one process or many, may use one database file at
/// once; `write(retry:_:)` and the busy timeout make them take turns.
final class SQLiteConnection {
    /// The database file.
    let path: String
    let handle: OpaquePointer
    /// Statements prepared once and reused, by SQL text.
    private var cache: [String: SQLiteStatement] = [:]

    /// Opens (creating if needed) the database at `path`.
    ///
    /// - Parameter busyTimeout: how long one statement waits for another
    ///   connection's lock before failing with SQLITE_BUSY
    ///   (https://sqlite.org/c3ref/busy_timeout.html).
    /// - Throws: `SQLiteError` naming the path when SQLite cannot open it.
    init(path: String, busyTimeout: Duration) throws(SQLiteError) {
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            // "Whether or not an error occurs when it is opened, resources
            // associated with the database connection handle should be released
            // by passing it to sqlite3_close()" (https://sqlite.org/c3ref/open.html).
            let error = SQLiteError(code: rc, connection: db, sql: nil)
            sqlite3_close_v2(db)
            throw SQLiteError(extendedCode: error.extendedCode, message: "cannot open \(path): \(error.message)", sql: nil)
        }
        self.path = path
        self.handle = db
        // Extended codes tell SQLITE_BUSY_SNAPSHOT from SQLITE_BUSY and so on.
        sqlite3_extended_result_codes(db, 1)
        let milliseconds = busyTimeout.components.seconds * 1000 + busyTimeout.components.attoseconds / 1_000_000_000_000_000
        sqlite3_busy_timeout(db, Int32(clamping: milliseconds))
    }

    deinit {
        // Cached statements go first; sqlite3_close_v2 then closes at once, or
        // as soon as any statement still held elsewhere is finalized
        // (https://sqlite.org/c3ref/close.html). An open transaction is rolled back.
        cache.removeAll()
        sqlite3_close_v2(handle)
    }

    // MARK: - Statements

    /// The cached prepared statement for `sql`, prepared on first use.
    ///
    /// For the statements run on every task; a statement is bound afresh and
    /// reset on each use, so sharing it is safe on this (single-threaded) connection.
    func cachedStatement(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        if let statement = cache[sql] { return statement }
        let statement = try SQLiteStatement(db: handle, sql: sql, persistent: true)
        cache[sql] = statement
        return statement
    }

    /// A new prepared statement, for SQL run once or rarely.
    func prepare(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        try SQLiteStatement(db: handle, sql: sql)
    }

    /// Runs one statement (cached) with `values` bound to its parameters.
    func execute(_ sql: String, _ values: any SQLiteBindable...) throws(SQLiteError) {
        try cachedStatement(sql).execute(values)
    }

    /// Runs several `;`-separated statements with no parameters (migrations, pragmas).
    func executeScript(_ sql: String) throws(SQLiteError) {
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &message)
        guard rc == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(message)
            throw SQLiteError(extendedCode: sqlite3_extended_errcode(handle), message: text, sql: sql)
        }
    }

    /// Runs a query returning one value in its first column, e.g. `PRAGMA user_version`.
    func scalarInt64(_ sql: String, _ values: any SQLiteBindable...) throws -> Int64? {
        try prepare(sql).firstRow(values) { try $0.optionalInt64(0) } ?? nil
    }

    /// Runs a query returning one text value in its first column.
    func scalarString(_ sql: String, _ values: any SQLiteBindable...) throws -> String? {
        try prepare(sql).firstRow(values) { try $0.optionalString(0) } ?? nil
    }

    // MARK: - State

    /// Rows changed by the last INSERT, UPDATE or DELETE (https://sqlite.org/c3ref/changes.html).
    var changes: Int { Int(sqlite3_changes64(handle)) }

    /// The rowid of the last successful INSERT on this connection
    /// (https://sqlite.org/c3ref/last_insert_rowid.html).
    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Whether no transaction is open: SQLite is in autocommit mode
    /// (https://sqlite.org/c3ref/get_autocommit.html).
    var isAutocommit: Bool { sqlite3_get_autocommit(handle) != 0 }
}
