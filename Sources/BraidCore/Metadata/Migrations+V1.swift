extension Migrations {
    /// The first schema.
    ///
    /// Conventions:
    /// - Times are INTEGER milliseconds since the Unix epoch, UTC: compact,
    ///   sortable, and exact for `Date` to the millisecond (see `StoredTime`).
    /// - Statuses are the `RunStatus` raw strings, checked by the schema.
    /// - Columns ending in `_json` hold JSON text written by the engine.
    /// - `id INTEGER PRIMARY KEY AUTOINCREMENT`: ids are never reused, even
    ///   after the newest run is deleted (https://sqlite.org/autoinc.html), so a
    ///   run id in a log path or a message always means the same run.
    /// - An index on (a, b) also orders by rowid after b: the rowid is the last
    ///   column of every index entry (https://sqlite.org/queryplanner.html), so
    ///   `runs(flow)` serves "this flow's runs, newest first" without a sort.
    static let schemaV1 = Migration(version: 1, name: "initial schema", sql: """
        CREATE TABLE flows (
            name        TEXT PRIMARY KEY NOT NULL,
            created_at  INTEGER NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE runs (
            id              INTEGER PRIMARY KEY AUTOINCREMENT,
            flow            TEXT NOT NULL REFERENCES flows(name),
            status          TEXT NOT NULL CHECK (status IN ('pending','running','succeeded','failed','cancelled')),
            user            TEXT NOT NULL,
            spec_json       TEXT NOT NULL,
            parameters_json TEXT NOT NULL,
            origin_run_id   INTEGER REFERENCES runs(id),
            created_at      INTEGER NOT NULL,
            started_at      INTEGER,
            finished_at     INTEGER
        );
        -- runs(flow:), latestRun(flow:): newest first via the implicit rowid.
        CREATE INDEX runs_by_flow ON runs(flow);
        -- latestRun(flow:successfulOnly: true)
        CREATE INDEX runs_by_flow_status ON runs(flow, status);
        -- runs(user:), newest first
        CREATE INDEX runs_by_user ON runs(user);
        -- runs(flow:user:), latestRun(flow:user:)
        CREATE INDEX runs_by_flow_user ON runs(flow, user);

        CREATE TABLE run_tags (
            run         INTEGER NOT NULL REFERENCES runs(id),
            tag         TEXT NOT NULL,
            is_system   INTEGER NOT NULL CHECK (is_system IN (0, 1)),
            PRIMARY KEY (run, tag)
        ) WITHOUT ROWID;

        CREATE TABLE tasks (
            id                 INTEGER PRIMARY KEY AUTOINCREMENT,
            run                INTEGER NOT NULL REFERENCES runs(id),
            step               TEXT NOT NULL,
            status             TEXT NOT NULL CHECK (status IN ('pending','running','succeeded','failed','cancelled')),
            foreach_stack_json TEXT NOT NULL,
            origin_task_id     INTEGER REFERENCES tasks(id),
            next_steps_json    TEXT,
            foreach_count      INTEGER,
            created_at         INTEGER NOT NULL,
            started_at         INTEGER,
            finished_at        INTEGER
        );
        -- tasks(run:step:), in creation order via the implicit rowid.
        CREATE INDEX tasks_by_run_step ON tasks(run, step);
        -- which tasks a resume cloned from this one
        CREATE INDEX tasks_by_origin ON tasks(origin_task_id) WHERE origin_task_id IS NOT NULL;

        -- A task's inputs, in order: one parent, or each joined task.
        CREATE TABLE task_parents (
            task      INTEGER NOT NULL REFERENCES tasks(id),
            position  INTEGER NOT NULL,
            parent    INTEGER NOT NULL REFERENCES tasks(id),
            PRIMARY KEY (task, position)
        ) WITHOUT ROWID;
        -- a task's children (FK checks on deleting a task use it too)
        CREATE INDEX task_parents_by_parent ON task_parents(parent);

        CREATE TABLE attempts (
            task          INTEGER NOT NULL REFERENCES tasks(id),
            attempt       INTEGER NOT NULL CHECK (attempt >= 0),
            status        TEXT NOT NULL CHECK (status IN ('pending','running','succeeded','failed','cancelled')),
            pid           INTEGER,
            started_at    INTEGER NOT NULL,
            finished_at   INTEGER,
            exit_status   INTEGER,
            signal        INTEGER,
            failure_json  TEXT,
            stdout_path   TEXT NOT NULL,
            stderr_path   TEXT NOT NULL,
            PRIMARY KEY (task, attempt)
        ) WITHOUT ROWID;

        -- One row per stored artifact file, named by the SHA-256 of its bytes.
        CREATE TABLE objects (
            hash        TEXT PRIMARY KEY NOT NULL CHECK (length(hash) = 64),
            size        INTEGER NOT NULL CHECK (size >= 0),
            created_at  INTEGER NOT NULL
        ) WITHOUT ROWID;

        -- One row per name visible in a task (inherited or set), pointing at its object.
        CREATE TABLE artifacts (
            task        INTEGER NOT NULL REFERENCES tasks(id),
            name        TEXT NOT NULL,
            object      TEXT NOT NULL REFERENCES objects(hash),
            kind        TEXT NOT NULL,
            language    TEXT NOT NULL,
            type_name   TEXT NOT NULL,
            size        INTEGER NOT NULL,
            PRIMARY KEY (task, name)
        ) WITHOUT ROWID;
        -- No index on artifacts(object): objects are named by random-looking
        -- hashes, so each artifact would dirty another random index page and
        -- double the cost of recording a task. Garbage collection, the one
        -- query by object, can afford a scan.
        """)
}
