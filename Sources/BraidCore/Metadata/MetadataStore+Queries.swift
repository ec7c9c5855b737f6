extension MetadataStore {
    // MARK: - Runs

    /// Runs, newest first, optionally of one flow and/or one user.
    public func runs(flow: String? = nil, user: String? = nil, limit: Int = 100) throws -> [RunRecord] {
        var conditions: [String] = []
        var values: [any SQLiteBindable] = []
        if let flow { conditions.append("flow = ?"); values.append(flow) }
        if let user { conditions.append("user = ?"); values.append(user) }
        values.append(max(0, limit))
        let sql = Self.runColumns + whereClause(conditions) + " ORDER BY id DESC LIMIT ?"
        return try read { db in try db.cachedStatement(sql).rows(values) { try RunRecord(row: $0, db) } }
    }

    /// One run by id, or nil when there is none (or it is not of `flow`, when given).
    public func run(flow: String? = nil, id: RunID) throws -> RunRecord? {
        var values: [any SQLiteBindable] = [id]
        var sql = Self.runColumns + " WHERE id = ?"
        if let flow { sql += " AND flow = ?"; values.append(flow) }
        return try read { db in try db.cachedStatement(sql).firstRow(values) { try RunRecord(row: $0, db) } }
    }

    /// The newest run of a flow, optionally only among succeeded runs and/or one user's.
    public func latestRun(flow: String, successfulOnly: Bool = false, user: String? = nil) throws -> RunRecord? {
        var conditions = ["flow = ?"]
        var values: [any SQLiteBindable] = [flow]
        if successfulOnly { conditions.append("status = 'succeeded'") }
        if let user { conditions.append("user = ?"); values.append(user) }
        let sql = Self.runColumns + whereClause(conditions) + " ORDER BY id DESC LIMIT 1"
        return try read { db in try db.cachedStatement(sql).firstRow(values) { try RunRecord(row: $0, db) } }
    }

    /// A run's tags, system tags first, each group sorted.
    public func tags(run: RunID) throws -> [RunTag] {
        try read { db in try Self.tags(run: run, db) }
    }

    /// Every flow with runs in the store, by name.
    public func flows() throws -> [FlowRecord] {
        try read { db in
            try db.cachedStatement("""
                SELECT f.name, f.created_at, max(r.id), count(r.id)
                FROM flows f LEFT JOIN runs r ON r.flow = f.name GROUP BY f.name ORDER BY f.name
                """).rows { row in
                FlowRecord(name: try row.string(0), createdAt: StoredTime.date(try row.int64(1)),
                           latestRunID: try row.optionalInt64(2), runCount: try row.int(3))
            }
        }
    }

    // MARK: - Tasks

    /// A run's tasks in creation order, optionally of one step.
    public func tasks(run: RunID, step: String? = nil) throws -> [TaskRecord] {
        let stepCondition = step == nil ? "" : " AND t.step = ?"
        let values: [any SQLiteBindable] = step.map { [run, $0] } ?? [run]
        return try read { db in
            var parents: [TaskID: [TaskID]] = [:]
            try db.cachedStatement("""
                SELECT p.task, p.parent FROM task_parents p JOIN tasks t ON t.id = p.task
                WHERE t.run = ?\(stepCondition) ORDER BY p.task, p.position
                """).forEachRow(values) { parents[try $0.int64(0), default: []].append(try $0.int64(1)) }
            return try db.cachedStatement(Self.taskColumns + " WHERE t.run = ?\(stepCondition) ORDER BY t.id")
                .rows(values) { row in try TaskRecord(row: row, parents: parents[try row.int64(0)] ?? []) }
        }
    }

    /// One task by id, or nil.
    public func task(id: TaskID) throws -> TaskRecord? {
        try read { db in
            let parents = try db.cachedStatement("SELECT parent FROM task_parents WHERE task = ? ORDER BY position")
                .rows([id]) { try $0.int64(0) }
            return try db.cachedStatement(Self.taskColumns + " WHERE t.id = ?")
                .firstRow([id]) { try TaskRecord(row: $0, parents: parents) }
        }
    }

    /// A task's attempts, first to last.
    public func attempts(task: TaskID) throws -> [AttemptRecord] {
        try read { db in
            try db.cachedStatement("""
                SELECT task, attempt, status, pid, started_at, finished_at, exit_status, signal, failure_json,
                       stdout_path, stderr_path
                FROM attempts WHERE task = ? ORDER BY attempt
                """).rows([task], AttemptRecord.init(row:))
        }
    }

    // MARK: - Helpers

    // Internal: the client queries (MetadataStore+ClientQueries.swift) read the same columns.
    static let runColumns = """
        SELECT id, flow, status, user, spec_json, parameters_json, origin_run_id, created_at, started_at, finished_at,
               code_hash
        FROM runs
        """

    static let taskColumns = """
        SELECT t.id, t.run, t.step, t.status, t.foreach_stack_json, t.origin_task_id, t.next_steps_json,
               t.foreach_count, t.created_at, t.started_at, t.finished_at
        FROM tasks t
        """

    private func whereClause(_ conditions: [String]) -> String {
        conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
    }

    static func tags(run: RunID, _ db: SQLiteConnection) throws -> [RunTag] {
        try db.cachedStatement("SELECT tag, is_system FROM run_tags WHERE run = ? ORDER BY is_system DESC, tag")
            .rows([run]) { RunTag(name: try $0.string(0), isSystem: try $0.bool(1)) }
    }
}
