import CSQLite
import Foundation

extension SQLiteConnection {
    /// Sets the connection up for the Braid store: WAL journal, the given
    /// synchronous level, and foreign keys enforced.
    ///
    /// - `journal_mode=WAL`: readers never block the writer nor the writer
    ///   readers, so `braid runs` works during a run, and a commit appends to
    ///   the log instead of rewriting pages (https://sqlite.org/wal.html). The
    ///   mode is stored in the file, so this is a no-op after the first open.
    /// - `synchronous=NORMAL` unless `fullSync`: "WAL mode is always consistent
    ///   with synchronous=NORMAL, but WAL mode does lose durability. A
    ///   transaction committed in WAL mode with synchronous=NORMAL might roll
    ///   back following a power loss or system crash"
    ///   (https://sqlite.org/pragma.html#pragma_synchronous). A crash of the
    ///   engine process loses nothing; only a power cut can drop the last
    ///   commits, which `resume` then reruns. In exchange a commit needs no
    ///   fsync, which is what keeps recording a task well under a millisecond.
    /// - `foreign_keys=ON`: off by default for compatibility
    ///   (https://sqlite.org/foreignkeys.html#fk_enable), and per connection.
    /// - `wal_autocheckpoint=10000` pages (40 MB at 4 KiB pages) instead of
    ///   1000: a checkpoint copies the log back into the database and syncs
    ///   both, taking milliseconds in the commit that triggers it
    ///   (https://sqlite.org/wal.html#automatic_checkpoint). Checkpointing ten
    ///   times less often writes each hot page (the newest tasks, the id
    ///   sequence) back once instead of many times, and makes the pause ten
    ///   times rarer; measured, the mean cost of recording a task fell by a
    ///   quarter or more. `journal_size_limit` (64 MiB) truncates a log that
    ///   one large transaction grew beyond that.
    ///
    /// - Throws: `SQLiteError` if SQLite refuses WAL mode (e.g. some network
    ///   filesystems, where WAL's shared memory cannot work).
    func configureForStore(fullSync: Bool, retry: BusyRetryPolicy) throws {
        // Switching to WAL needs an exclusive lock for a moment, so another
        // process opening the same new store at once can make it busy.
        let mode = try retry.run { try scalarString("PRAGMA journal_mode=WAL") }
        guard mode?.lowercased() == "wal" else {
            throw SQLiteError(extendedCode: SQLITE_ERROR, message: "\(path) cannot use WAL mode (journal_mode stayed \(mode ?? "unknown"))",
                              sql: "PRAGMA journal_mode=WAL")
        }
        try executeScript("""
            PRAGMA synchronous=\(fullSync ? "FULL" : "NORMAL");
            PRAGMA foreign_keys=ON;
            PRAGMA wal_autocheckpoint=10000;
            PRAGMA journal_size_limit=67108864;
            """)
    }
}
