import Foundation

extension SQLiteConnection {
    /// Runs `body` in a write transaction, committing if it returns and rolling
    /// back if it throws; retried by `retry` while the database is busy.
    ///
    /// The transaction starts with `BEGIN IMMEDIATE`, which takes the write lock
    /// at once: "IMMEDIATE causes the database connection to start a new write
    /// immediately, without waiting for a write statement"
    /// (https://sqlite.org/lang_transaction.html). With a plain (deferred)
    /// `BEGIN`, a transaction that first reads and then writes must upgrade its
    /// read snapshot to a write lock; if another connection committed in
    /// between, that upgrade fails with SQLITE_BUSY_SNAPSHOT at once, without
    /// the busy handler ever waiting (https://sqlite.org/wal.html#sometimes_queries_return_sqlite_busy_in_wal_mode).
    /// Taking the lock up front means waiting happens only at `BEGIN`, where the
    /// busy timeout applies and nothing has been done yet, so a retry is clean.
    ///
    /// - Parameter body: must do nothing but database work: it may run more than once.
    func write<T>(retry: BusyRetryPolicy, _ body: () throws -> T) throws -> T {
        try retry.run { try transaction("BEGIN IMMEDIATE", body) }
    }

    /// Runs `body` in a read transaction, so that all its queries see one
    /// snapshot of the database even while other connections commit
    /// (https://sqlite.org/isolation.html).
    func read<T>(retry: BusyRetryPolicy, _ body: () throws -> T) throws -> T {
        try retry.run { try transaction("BEGIN DEFERRED", body) }
    }

    private func transaction<T>(_ begin: String, _ body: () throws -> T) throws -> T {
        guard isAutocommit else {
            throw SQLiteError.misuse("a transaction is already open on this connection", sql: begin)
        }
        try execute(begin)
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            // Some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_BUSY, SQLITE_NOMEM)
            // may already have rolled the transaction back, and ROLLBACK would
            // then fail (https://sqlite.org/lang_transaction.html, "Response To
            // Errors Within A Transaction"), so roll back only if one is open.
            // A failed ROLLBACK is not reported over the original error.
            if !isAutocommit {
                try? execute("ROLLBACK")
            }
            throw error
        }
    }
}
