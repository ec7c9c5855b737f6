/// One step of the schema's history: the SQL that takes it from version
/// `version - 1` to `version`.
struct Migration: Sendable {
    let version: Int64
    let name: String
    let sql: String
}

/// The versioned schema of `braid.db`.
///
/// The version lives in `PRAGMA user_version`, an integer SQLite keeps in the
/// file header for the application's use (https://sqlite.org/pragma.html#pragma_user_version).
/// All pending migrations run in one `BEGIN IMMEDIATE` transaction, which
/// re-reads the version after taking the write lock: when several engine
/// processes open a new store at once, one migrates and the others then find
/// nothing to do. A store written by a newer engine is refused, not guessed at.
///
/// Migrations are append-only: never edit one that has shipped, add the next.
enum Migrations {
    static let all: [Migration] = [schemaV1, schemaV2, schemaV3, schemaV4]

    /// The version this engine writes.
    static var latestVersion: Int64 { all.last?.version ?? 0 }

    /// Brings the database up to `latestVersion`.
    /// - Returns: the version found before migrating (0 for a new file).
    /// - Throws: `MetadataError` when the store is newer than this engine;
    ///   `SQLiteError` (with the migration's SQL) when a migration fails, in
    ///   which case nothing of it is kept.
    @discardableResult
    static func migrate(_ connection: SQLiteConnection, retry: BusyRetryPolicy) throws -> Int64 {
        try connection.write(retry: retry) {
            let found = try connection.scalarInt64("PRAGMA user_version") ?? 0
            guard found <= latestVersion else {
                throw MetadataError.schemaTooNew(path: connection.path, found: found, supported: latestVersion)
            }
            for migration in all where migration.version > found {
                try connection.executeScript(migration.sql)
                // PRAGMA takes no bound parameters; the version is our own integer.
                try connection.executeScript("PRAGMA user_version = \(migration.version)")
            }
            return found
        }
    }
}
