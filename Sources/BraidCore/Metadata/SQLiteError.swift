import CSQLite

/// An error SQLite reported, with the statement that caused it.
///
/// `description` reads like "SQLite error 19 (constraint failed: UNIQUE
/// constraint failed: runs.id) while running `INSERT INTO runs …`", so a failure
/// in the field names the exact statement. Bound values are not included: they
/// may hold user data (parameters, paths).
public struct SQLiteError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The extended result code (https://sqlite.org/rescode.html).
    public let extendedCode: Int32
    /// SQLite's own message (`sqlite3_errmsg`), or ours for misuse we detect.
    public let message: String
    /// The SQL being prepared or run, when there was one.
    public let sql: String?

    /// The primary result code: the low 8 bits of the extended code
    /// ("the primary result code is the least significant 8 bits", https://sqlite.org/rescode.html).
    public var code: Int32 { extendedCode & 0xFF }

    /// Whether another connection holds the lock we needed (SQLITE_BUSY): the
    /// error the retry policy retries. SQLITE_LOCKED is a conflict inside one
    /// connection or shared cache and is not retried.
    public var isBusy: Bool { code == SQLITE_BUSY }

    init(extendedCode: Int32, message: String, sql: String?) {
        self.extendedCode = extendedCode
        self.message = message
        self.sql = sql
    }

    /// The error for `code`, with the connection's message.
    init(code: Int32, connection db: OpaquePointer?, sql: String?) {
        let extended = db.map { sqlite3_extended_errcode($0) } ?? code
        // sqlite3_errmsg describes the most recent failed call on this connection;
        // prefer the generic text for the code when they disagree (e.g. after a
        // failed open, where db may be nil).
        let message: String
        if let db, extended & 0xFF == code & 0xFF {
            message = String(cString: sqlite3_errmsg(db))
        } else {
            message = String(cString: sqlite3_errstr(code))
        }
        self.init(extendedCode: (extended & 0xFF == code & 0xFF) ? extended : code, message: message, sql: sql)
    }

    /// An error for a misuse this wrapper detects before calling SQLite.
    static func misuse(_ message: String, sql: String?) -> SQLiteError {
        SQLiteError(extendedCode: SQLITE_MISUSE, message: message, sql: sql)
    }

    /// "SQLite error CODE (MEANING: MESSAGE) while running `SQL`".
    public var description: String {
        let generic = String(cString: sqlite3_errstr(extendedCode))
        var text = "SQLite error \(extendedCode) (\(generic)"
        if message != generic { text += ": \(message)" }
        text += ")"
        if let sql { text += " while running `\(oneLine(sql))`" }
        return text
    }
}

/// The SQL on one line: runs of whitespace and newlines collapsed to one space.
private func oneLine(_ sql: String) -> String {
    sql.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
}
