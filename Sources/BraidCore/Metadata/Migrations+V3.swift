extension Migrations {
    /// Events, deployments and the trigger service's state (docs/triggers.md).
    ///
    /// - `events`: every published event; `dispatch = 0` marks one that
    ///   deployments never match (`run --trigger-event`, `braid trigger`).
    ///   `depth` bounds trigger loops through steps that publish.
    /// - `deployments`: one row per deployed flow with its current version,
    ///   the id of the last event its conditions have considered
    ///   (`event_cursor`) and the last schedule tick handled (`schedule_cursor`).
    ///   Advancing a cursor and creating the runs it fires happen in one
    ///   transaction: that is the exactly-once claim.
    /// - `deployment_versions`: what each `deploy` stored.
    /// - `trigger_progress`: for AND conditions, the latest event of each name
    ///   seen since the condition last fired.
    /// - `run_triggers`: the events that started a run, in condition order.
    /// - `runs` gains how it was triggered, from which deployment version, a
    ///   note (why a triggered run failed before any task), and its depth.
    static let schemaV3 = Migration(version: 3, name: "events, deployments and triggers", sql: """
        CREATE TABLE events (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            name          TEXT NOT NULL,
            payload_json  TEXT NOT NULL,
            published_at  INTEGER NOT NULL,
            publisher     TEXT NOT NULL,
            source        TEXT,
            depth         INTEGER NOT NULL DEFAULT 0,
            dispatch      INTEGER NOT NULL DEFAULT 1 CHECK (dispatch IN (0, 1))
        );
        -- The claim: events of given names after a cursor, in id order.
        CREATE INDEX events_by_name ON events(name, id);

        CREATE TABLE deployments (
            flow             TEXT PRIMARY KEY NOT NULL,
            version          INTEGER NOT NULL,
            active           INTEGER NOT NULL CHECK (active IN (0, 1)),
            max_concurrent   INTEGER NOT NULL CHECK (max_concurrent >= 1),
            event_cursor     INTEGER NOT NULL,
            schedule_cursor  INTEGER,
            updated_at       INTEGER NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE deployment_versions (
            flow              TEXT NOT NULL,
            version           INTEGER NOT NULL,
            spec_json         TEXT NOT NULL,
            code_hash         TEXT,
            code_directory    TEXT NOT NULL,
            environment_json  TEXT NOT NULL,
            user              TEXT NOT NULL,
            created_at        INTEGER NOT NULL,
            PRIMARY KEY (flow, version)
        ) WITHOUT ROWID;

        CREATE TABLE trigger_progress (
            flow        TEXT NOT NULL,
            condition   TEXT NOT NULL,
            name        TEXT NOT NULL,
            event       INTEGER NOT NULL REFERENCES events(id),
            PRIMARY KEY (flow, condition, name)
        ) WITHOUT ROWID;

        CREATE TABLE run_triggers (
            run       INTEGER NOT NULL REFERENCES runs(id),
            position  INTEGER NOT NULL,
            event     INTEGER NOT NULL REFERENCES events(id),
            PRIMARY KEY (run, position)
        ) WITHOUT ROWID;
        -- which runs an event started
        CREATE INDEX run_triggers_by_event ON run_triggers(event);

        ALTER TABLE runs ADD COLUMN trigger_type TEXT;
        ALTER TABLE runs ADD COLUMN deployment_version INTEGER;
        ALTER TABLE runs ADD COLUMN note TEXT;
        ALTER TABLE runs ADD COLUMN trigger_depth INTEGER NOT NULL DEFAULT 0;
        -- the service's queue: pending runs of deployments, in id order
        CREATE INDEX runs_queued ON runs(status, deployment_version) WHERE deployment_version IS NOT NULL;
        """)
}
