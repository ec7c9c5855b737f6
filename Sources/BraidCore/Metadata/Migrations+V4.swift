extension Migrations {
    /// Tables: named series of immutable versions, where each version's bytes
    /// are, what produced it, and which runs read or wrote it (docs/tables.md).
    ///
    /// - `table_versions.object`: the stored Arrow file (`objects/`), null for
    ///   a version that stays in a watched location (`location`, `commit`).
    /// - `table_versions.event`: the `braid.table.NAME` event its landing published.
    /// - `run_tables`: lineage, one row per (run, table, version, direction).
    /// - `table_watches`: locations the trigger service watches, and what it
    ///   has seen there (`state_json`), so a restart finds what landed meanwhile.
    static let schemaV4 = Migration(version: 4, name: "tables", sql: """
        CREATE TABLE tables (
            name        TEXT PRIMARY KEY NOT NULL,
            created_at  INTEGER NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE table_versions (
            name            TEXT NOT NULL REFERENCES tables(name),
            version         INTEGER NOT NULL CHECK (version >= 1),
            rows            INTEGER NOT NULL CHECK (rows >= 0),
            schema_json     TEXT NOT NULL,
            fingerprint     TEXT NOT NULL,
            landed_at       INTEGER NOT NULL,
            how             TEXT NOT NULL CHECK (how IN ('put', 'flow', 'delta', 'marker', 'file')),
            run             INTEGER REFERENCES runs(id),
            task            INTEGER REFERENCES tasks(id),
            object          TEXT REFERENCES objects(hash),
            location        TEXT,
            commit_ref      TEXT,
            schema_changed  INTEGER NOT NULL CHECK (schema_changed IN (0, 1)),
            event           INTEGER REFERENCES events(id),
            PRIMARY KEY (name, version)
        ) WITHOUT ROWID;
        -- the versions a run produced
        CREATE INDEX table_versions_by_run ON table_versions(run) WHERE run IS NOT NULL;

        CREATE TABLE run_tables (
            run        INTEGER NOT NULL REFERENCES runs(id),
            name       TEXT NOT NULL,
            version    INTEGER NOT NULL,
            direction  TEXT NOT NULL CHECK (direction IN ('read', 'write')),
            PRIMARY KEY (run, name, version, direction)
        ) WITHOUT ROWID;
        -- a version's consumers
        CREATE INDEX run_tables_by_version ON run_tables(name, version);

        CREATE TABLE table_watches (
            name        TEXT PRIMARY KEY NOT NULL REFERENCES tables(name),
            path        TEXT NOT NULL,
            kind        TEXT NOT NULL CHECK (kind IN ('delta', 'marker', 'file')),
            state_json  TEXT NOT NULL,
            created_at  INTEGER NOT NULL
        ) WITHOUT ROWID;
        """)
}
