public import Foundation

extension MetadataStore {
    /// Records a new version of a table, unless its content equals the latest
    /// version's (and `force` is false). The version, its object, the
    /// `braid.table.NAME` event and, for a put from a step, the run's lineage
    /// are one transaction: a landing either happened whole or not at all.
    /// - Parameters:
    ///   - sameSchema: refuse a schema that differs from the latest version's.
    /// - Throws: ``TableError`` for a bad name, a refused schema change, or a source task that is not in the store.
    public func land(_ new: NewTableVersion, force: Bool = false, sameSchema: Bool = false, at date: Date = Date()) throws -> TableLanding {
        if let problem = TableNames.problem(with: new.name) { throw TableError(problem) }
        return try write { db in try Self.land(new, force: force, sameSchema: sameSchema, at: date, db) }
    }

    /// ``land(_:force:sameSchema:at:)`` inside the caller's transaction (a watched location's landing also
    /// records what its watch has seen: MetadataStore+TableWatches.swift).
    static func land(_ new: NewTableVersion, force: Bool, sameSchema: Bool, at date: Date, _ db: SQLiteConnection) throws -> TableLanding {
        let now = StoredTime.milliseconds(date)
        try db.execute("INSERT INTO tables (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING", new.name, now)
        let latest = try Self.tableVersion(new.name, version: nil, db)
        if let latest, latest.fingerprint == new.fingerprint, !force { return .unchanged(latest) }
        let changed = latest.map { $0.schema != new.schema } ?? false
        if changed, sameSchema, let latest {
            throw TableError("the schema of \(new.name) would change (version \(latest.version): \(TableSchemaText.describe(latest.schema)); "
                + "new: \(TableSchemaText.describe(new.schema))); nothing was recorded (put without --same-schema to allow it)")
        }
        var run: RunID?
        var task: TaskID?
        if let source = new.source {
            (run, task) = try Self.sourceTask(source, db)
        }
        if let object = new.object {
            try db.execute("INSERT INTO objects (hash, size, created_at) VALUES (?, ?, ?) ON CONFLICT (hash) DO NOTHING",
                           object.hash, object.size, now)
        }
        let version = (latest?.version ?? 0) + 1
        let event = try Self.insertEvent(
            NewEvent(name: TableNames.landingEvent(new.name),
                     payload: ["table": .string(new.name), "version": .int(version), "rows": .int(new.rows), "how": .string(new.how)],
                     publisher: new.publisher, source: new.source),
            at: date, db)
        try db.cachedStatement("""
            INSERT INTO table_versions (name, version, rows, schema_json, fingerprint, landed_at, how, run, task, object,
                                        location, commit_ref, schema_changed, event)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute([new.name, version, new.rows, new.schema.jsonText, new.fingerprint, now, new.how, run, task,
                          new.object?.hash, new.location, new.commit, changed ? Int64(1) : Int64(0), event.id])
        if let run {
            try db.execute("INSERT INTO run_tables (run, name, version, direction) VALUES (?, ?, ?, 'write') ON CONFLICT DO NOTHING",
                           run, new.name, version)
        }
        return .landed(try Self.tableVersion(new.name, version: version, db)!)
    }

    /// The version a read resolves to, recorded as read by the source task's run (docs/tables.md, "what a run sees").
    /// - Parameters:
    ///   - version: an explicit version; nil for the one the rules pick.
    ///   - source: the reading task (`FLOW/RUN/STEP/TASK`), nil outside a run.
    /// - Throws: ``TableError`` when the table or version does not exist.
    public func resolveTable(_ name: String, version: Int64? = nil, source: String? = nil) throws -> TableVersionRecord {
        if let problem = TableNames.problem(with: name) { throw TableError(problem) }
        return try write { db in
            let run = try source.map { try Self.sourceTask($0, db).run }
            let chosen: Int64?
            if let version {
                chosen = version
            } else if let run {
                chosen = try Self.pinnedVersion(name, run: run, db)
            } else {
                chosen = nil
            }
            guard let record = try Self.tableVersion(name, version: chosen, db) else {
                throw try Self.missing(name, version: chosen, db)
            }
            if let run {
                try db.execute("INSERT INTO run_tables (run, name, version, direction) VALUES (?, ?, ?, 'read') ON CONFLICT DO NOTHING",
                               run, name, record.version)
            }
            return record
        }
    }

    /// The version a run sees when it names none: the one that triggered it, else the one it (or the run it
    /// resumes) already read, else the latest it wrote, else the latest landed when it was created.
    private static func pinnedVersion(_ name: String, run: RunID, _ db: SQLiteConnection) throws -> Int64? {
        for event in try triggerEvents(run: run, db) where TableNames.table(ofEvent: event.name) == name {
            if let version = event.payload["version"]?.intValue { return version }
        }
        let origin = try db.scalarInt64("SELECT origin_run_id FROM runs WHERE id = ?", run)
        for reader in [run] + (origin.map { [$0] } ?? []) {
            if let read = try db.scalarInt64("SELECT max(version) FROM run_tables WHERE run = ? AND name = ? AND direction = 'read'",
                                             reader, name) {
                return read
            }
        }
        if let written = try db.scalarInt64("SELECT max(version) FROM run_tables WHERE run = ? AND name = ? AND direction = 'write'",
                                            run, name) {
            return written
        }
        let created = try db.scalarInt64("SELECT created_at FROM runs WHERE id = ?", run) ?? Int64.max
        return try db.scalarInt64("SELECT max(version) FROM table_versions WHERE name = ? AND landed_at <= ?", name, created) ?? 0
    }

    private static func missing(_ name: String, version: Int64?, _ db: SQLiteConnection) throws -> TableError {
        let count = try db.scalarInt64("SELECT count(*) FROM table_versions WHERE name = ?", name) ?? 0
        if count == 0 { return TableError("there is no table named \(name) (braid table list shows the tables)") }
        if version == 0 { return TableError("table \(name) had no version yet when this run was created") }
        return TableError("table \(name) has versions 1 to \(count); there is no version \(version ?? 0)")
    }

    /// Every version of a table, oldest first.
    public func tableVersions(_ name: String) throws -> [TableVersionRecord] {
        try read { db in
            try db.cachedStatement(Self.tableVersionColumns + " WHERE name = ? ORDER BY version").rows([name]) { try Self.tableVersion(row: $0) }
        }
    }

    /// The runs that read a version, oldest first.
    public func tableConsumers(_ name: String, version: Int64) throws -> [RunID] {
        try read { db in
            try db.cachedStatement("SELECT run FROM run_tables WHERE name = ? AND version = ? AND direction = 'read' ORDER BY run")
                .rows([name, version]) { try $0.int64(0) }
        }
    }

    /// The tables a run read or wrote: `direction` is `read` or `write`.
    public func runTables(run: RunID, direction: String) throws -> [(name: String, version: Int64)] {
        try read { db in
            try db.cachedStatement("SELECT name, version FROM run_tables WHERE run = ? AND direction = ? ORDER BY name, version")
                .rows([run, direction]) { (try $0.string(0), try $0.int64(1)) }
        }
    }

    /// Every table with its latest version and its watch, by name.
    public func tables() throws -> [TableSummary] {
        try read { db in
            let names = try db.cachedStatement("SELECT name FROM tables ORDER BY name").rows { try $0.string(0) }
            return try names.map { name in
                let count = try db.scalarInt64("SELECT count(*) FROM table_versions WHERE name = ?", name) ?? 0
                let watch = try db.cachedStatement("SELECT path, kind FROM table_watches WHERE name = ?")
                    .firstRow([name]) { (try $0.string(0), try $0.string(1)) }
                return TableSummary(name: name, versions: Int(count), latest: try Self.tableVersion(name, version: nil, db),
                                    watch: watch.map { (path: $0.0, kind: $0.1) })
            }
        }
    }

    static let tableVersionColumns = """
        SELECT name, version, rows, schema_json, fingerprint, landed_at, how, run, task, object, location, commit_ref,
               schema_changed, event FROM table_versions
        """

    /// One version (the latest when `version` is nil).
    static func tableVersion(_ name: String, version: Int64?, _ db: SQLiteConnection) throws -> TableVersionRecord? {
        if let version {
            return try db.cachedStatement(tableVersionColumns + " WHERE name = ? AND version = ?").firstRow([name, version]) { try tableVersion(row: $0) }
        }
        return try db.cachedStatement(tableVersionColumns + " WHERE name = ? ORDER BY version DESC LIMIT 1").firstRow([name]) { try tableVersion(row: $0) }
    }

    static func tableVersion(row: SQLiteRow) throws -> TableVersionRecord {
        TableVersionRecord(name: try row.string(0), version: try row.int64(1), rows: try row.int64(2),
                           schema: (try? JSONValue.parse(try row.string(3))) ?? .array([]), fingerprint: try row.string(4),
                           landedAt: StoredTime.date(try row.int64(5)), how: try row.string(6), run: try row.optionalInt64(7),
                           task: try row.optionalInt64(8), object: try row.optionalString(9), location: try row.optionalString(10),
                           commit: try row.optionalString(11), schemaChanged: try row.bool(12), event: try row.optionalInt64(13))
    }

    /// The run and task of `FLOW/RUN/STEP/TASK`, which must be in the store.
    static func sourceTask(_ pathspec: String, _ db: SQLiteConnection) throws -> (run: RunID, task: TaskID?) {
        let parts = pathspec.split(separator: "/").map(String.init)
        guard parts.count >= 2, let run = RunID(parts[1]),
              try db.scalarInt64("SELECT 1 FROM runs WHERE id = ? AND flow = ?", run, parts[0]) != nil else {
            throw TableError("--from \(pathspec): there is no such run in the store")
        }
        guard parts.count == 4 else { return (run, nil) }
        guard let task = TaskID(parts[3]), try db.scalarInt64("SELECT 1 FROM tasks WHERE id = ? AND run = ?", task, run) != nil else {
            throw TableError("--from \(pathspec): run \(run) has no task \(parts[3])")
        }
        return (run, task)
    }
}
