public import Foundation

extension MetadataStore {
    /// Registers (or replaces) the watched location of a table.
    ///
    /// Watching the same path with the same kind again keeps what the service
    /// has seen there; a new path or kind starts over (its first look takes
    /// what is there as one version).
    /// - Returns: the watch, and the one it replaced (nil when there was none).
    /// - Throws: ``TableError`` for a bad table name.
    public func watchTable(_ name: String, path: String, kind: TableWatch.Kind, at date: Date = Date()) throws
        -> (watch: TableWatch, replaced: TableWatch?) {
        if let problem = TableNames.problem(with: name) { throw TableError(problem) }
        let now = StoredTime.milliseconds(date)
        return try write { db in
            try db.execute("INSERT INTO tables (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING", name, now)
            let old = try Self.tableWatch(name, db)
            if let old, old.path == path, old.kind == kind { return (old, old) }
            let watch = TableWatch(name: name, path: path, kind: kind, createdAt: now)
            try db.execute("""
                INSERT INTO table_watches (name, path, kind, state_json, created_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET path = excluded.path, kind = excluded.kind, state_json = excluded.state_json,
                                                 created_at = excluded.created_at
                """, name, path, kind.rawValue, watch.state.jsonText, now)
            return (watch, old)
        }
    }

    /// Stops watching a table's location; its versions stay.
    /// - Returns: the watch removed, nil when the table had none.
    public func unwatchTable(_ name: String) throws -> TableWatch? {
        try write { db in
            let old = try Self.tableWatch(name, db)
            try db.execute("DELETE FROM table_watches WHERE name = ?", name)
            return old
        }
    }

    /// Every watch, by table name.
    public func tableWatches() throws -> [TableWatch] {
        try read { db in
            try db.cachedStatement(Self.tableWatchColumns + " ORDER BY name").rows { try Self.tableWatch(row: $0) }
        }
    }

    /// One table's watch, nil when it has none.
    public func tableWatch(_ name: String) throws -> TableWatch? {
        try read { db in try Self.tableWatch(name, db) }
    }

    /// Records one step of a scan of `watch`: the watch's new state and, when
    /// the step found one, the landing, in one transaction.
    ///
    /// The transaction first checks that the watch is still the one scanned
    /// (same path, kind, creation and state), so two services, or a service
    /// and `braid table watch`, never record one commit twice: the second
    /// finds the state moved on and gets ``WatchRecording/stale``.
    public func recordWatch(_ watch: TableWatch, state: JSONValue, landing: NewTableVersion?, at date: Date = Date()) throws
        -> WatchRecording {
        try write { db in
            guard let current = try Self.tableWatch(watch.name, db), current == watch else { return .stale }
            let landed = try landing.map { try Self.land($0, force: false, sameSchema: false, at: date, db) }
            try db.execute("UPDATE table_watches SET state_json = ? WHERE name = ?", state.jsonText, watch.name)
            var updated = watch
            updated.state = state
            return .recorded(landed, updated)
        }
    }

    private static let tableWatchColumns = "SELECT name, path, kind, state_json, created_at FROM table_watches"

    private static func tableWatch(_ name: String, _ db: SQLiteConnection) throws -> TableWatch? {
        try db.cachedStatement(tableWatchColumns + " WHERE name = ?").firstRow([name]) { try tableWatch(row: $0) }
    }

    private static func tableWatch(row: SQLiteRow) throws -> TableWatch {
        let kind = try row.string(2)
        guard let known = TableWatch.Kind(rawValue: kind) else {
            throw TableError("the watch of \(try row.string(0)) has the kind '\(kind)', which this engine does not know")
        }
        return TableWatch(name: try row.string(0), path: try row.string(1), kind: known,
                          state: (try? JSONValue.parse(try row.string(3))) ?? .object([:]), createdAt: try row.int64(4))
    }
}
