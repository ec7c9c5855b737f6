import Foundation

// The reads behind the client API (`braid api get`, docs/client-api.md): a
// collection in one answer, each with a fixed number of statements whatever
// its size, so a client never needs a query per item.

extension MetadataStore {
    // MARK: - Runs, a page at a time

    /// A page of a flow's runs, newest first: only `request.user`'s when given,
    /// only those carrying every tag of `request.tags`, only those older than `request.before`.
    /// Two statements whatever the page's size: the runs, then every tag of the page's id range.
    public func runPage(_ request: RunPageRequest) throws -> RunPage {
        var sql = """
            SELECT id, flow, status, user, origin_run_id, created_at, started_at, finished_at, code_hash
            FROM runs WHERE flow = ?
            """
        var values: [any SQLiteBindable] = [request.flow]
        if let user = request.user { sql += " AND user = ?"; values.append(user) }
        if let before = request.before { sql += " AND id < ?"; values.append(before) }
        for tag in request.tags {
            sql += " AND EXISTS (SELECT 1 FROM run_tags g WHERE g.run = runs.id AND g.tag = ?)"
            values.append(tag)
        }
        // One row past the page says whether another page follows.
        values.append(request.limit + 1)
        sql += " ORDER BY id DESC LIMIT ?"
        return try read { db in
            var rows = try db.cachedStatement(sql).rows(values) { row in
                RunSummary(id: try row.int64(0), flow: try row.string(1), status: try .stored(try row.string(2), table: "runs"),
                           user: try row.string(3), originRunID: try row.optionalInt64(4),
                           createdAt: StoredTime.date(try row.int64(5)), startedAt: StoredTime.date(try row.optionalInt64(6)),
                           finishedAt: StoredTime.date(try row.optionalInt64(7)), userTags: [], systemTags: [],
                           codeHash: try row.optionalString(8))
            }
            let hasMore = rows.count > request.limit
            rows = Array(rows.prefix(request.limit))
            guard let newest = rows.first?.id, let oldest = rows.last?.id else { return RunPage(runs: [], hasMore: hasMore) }
            var tags: [RunID: (user: [String], system: [String])] = [:]
            try db.cachedStatement("""
                SELECT run, tag, is_system FROM run_tags WHERE run BETWEEN ? AND ? ORDER BY run, tag
                """).forEachRow([oldest, newest]) { row in
                let run = try row.int64(0)
                if try row.bool(2) { tags[run, default: ([], [])].system.append(try row.string(1)) }
                else { tags[run, default: ([], [])].user.append(try row.string(1)) }
            }
            for index in rows.indices {
                rows[index].userTags = tags[rows[index].id]?.user ?? []
                rows[index].systemTags = tags[rows[index].id]?.system ?? []
            }
            return RunPage(runs: rows, hasMore: hasMore)
        }
    }

    /// The flows with runs seen by a namespace (`user` and/or a `tag` runs must carry), by name.
    public func flowSummaries(user: String?, tag: String?) throws -> [FlowSummary] {
        var conditions: [String] = []
        var values: [any SQLiteBindable] = []
        if let user { conditions.append("user = ?"); values.append(user) }
        if let tag { conditions.append("EXISTS (SELECT 1 FROM run_tags g WHERE g.run = runs.id AND g.tag = ?)"); values.append(tag) }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        // max(id) picks the newest run; SQLite takes created_at from that same row
        // (https://sqlite.org/lang_select.html#bareagg).
        let sql = "SELECT flow, count(*), max(id), created_at FROM runs\(filter) GROUP BY flow ORDER BY flow"
        return try read { db in
            try db.cachedStatement(sql).rows(values) { row in
                FlowSummary(name: try row.string(0), runCount: try row.int(1), latestRunID: try row.int64(2),
                            latestCreatedAt: StoredTime.date(try row.int64(3)))
            }
        }
    }

    // MARK: - A run's steps

    /// A run's steps in the order they first ran, each counted and timed in SQL (a 4,000-task run's answer
    /// need not read 4,000 task rows), and its newest succeeded `end` task.
    public func stepSummaries(run: RunID) throws -> (steps: [StepSummary], endTask: TaskID?) {
        try read { db in
            let steps = try db.cachedStatement("""
                SELECT step, count(*), group_concat(DISTINCT status), min(started_at),
                       CASE WHEN count(finished_at) = count(*) THEN max(finished_at) END
                FROM tasks WHERE run = ? GROUP BY step ORDER BY min(id)
                """).rows([run]) { row in
                let statuses = try row.string(2).split(separator: ",").map { try TaskStatus.stored(String($0), table: "tasks") }
                return StepSummary(name: try row.string(0), taskCount: try row.int(1), statuses: Set(statuses),
                                   startedAt: StoredTime.date(try row.optionalInt64(3)),
                                   finishedAt: StoredTime.date(try row.optionalInt64(4)))
            }
            let end = try db.cachedStatement("""
                SELECT max(id) FROM tasks WHERE run = ? AND step = 'end' AND status = 'succeeded'
                """).firstRow([run]) { try $0.optionalInt64(0) } ?? nil
            return (steps, end)
        }
    }

    // MARK: - A step's tasks, whole

    /// A step's tasks (or one of them, `task`) with their attempts, artifacts, parents and children.
    public func stepDetails(run: RunID, step: String, task: TaskID? = nil) throws -> StepDetails {
        var values: [any SQLiteBindable] = [run, step]
        var only = ""
        if let task { only = " AND t.id = ?"; values.append(task) }
        let scope = "t.run = ? AND t.step = ?\(only)"
        return try read { db in
            var parents: [TaskID: [TaskLink]] = [:]
            try db.cachedStatement("""
                SELECT p.task, l.id, l.run, l.step FROM task_parents p JOIN tasks t ON t.id = p.task
                JOIN tasks l ON l.id = p.parent WHERE \(scope) ORDER BY p.task, p.position
                """).forEachRow(values) { row in
                parents[try row.int64(0), default: []].append(try Self.link(row))
            }
            var children: [TaskID: [TaskLink]] = [:]
            try db.cachedStatement("""
                SELECT p.parent, l.id, l.run, l.step FROM task_parents p JOIN tasks t ON t.id = p.parent
                JOIN tasks l ON l.id = p.task WHERE \(scope) ORDER BY p.parent, p.task
                """).forEachRow(values) { row in
                children[try row.int64(0), default: []].append(try Self.link(row))
            }
            var attempts: [TaskID: [AttemptRecord]] = [:]
            try db.cachedStatement("""
                SELECT a.task, a.attempt, a.status, a.pid, a.started_at, a.finished_at, a.exit_status, a.signal,
                       a.failure_json, a.stdout_path, a.stderr_path
                FROM attempts a JOIN tasks t ON t.id = a.task WHERE \(scope) ORDER BY a.task, a.attempt
                """).forEachRow(values) { row in
                let attempt = try AttemptRecord(row: row)
                attempts[attempt.task, default: []].append(attempt)
            }
            var artifacts: [TaskID: [StoredArtifact]] = [:]
            try db.cachedStatement("""
                SELECT a.task, a.name, a.object, a.kind, a.language, a.type_name, a.size
                FROM artifacts a JOIN tasks t ON t.id = a.task WHERE \(scope) ORDER BY a.task, a.name
                """).forEachRow(values) { row in
                let artifact = try StoredArtifact(row: row)
                artifacts[artifact.task, default: []].append(artifact)
            }
            let tasks = try db.cachedStatement(Self.taskColumns + " WHERE \(scope) ORDER BY t.id").rows(values) { row in
                try TaskRecord(row: row, parents: parents[try row.int64(0)]?.map(\.id) ?? [])
            }
            return StepDetails(tasks: tasks, attempts: attempts, artifacts: artifacts, parents: parents, children: children)
        }
    }

    private static func link(_ row: SQLiteRow) throws -> TaskLink {
        TaskLink(id: try row.int64(1), run: try row.int64(2), step: try row.string(3))
    }
}
