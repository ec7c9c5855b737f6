public import Foundation

/// What `resume` reads of an origin run and writes for the tasks it clones.
extension MetadataStore {
    /// Records a cloned task in one transaction: the task (succeeded), one
    /// succeeded attempt 0 with the origin's log paths and no pid, its artifacts
    /// and its transition. A crash leaves either all of it or none.
    public func cloneTask(_ clone: TaskClone) throws -> TaskID {
        let stack = StoredJSON.encode(frames: clone.task.foreachStack)
        let at = StoredTime.milliseconds(clone.clonedAt)
        let nextSteps = StoredJSON.encode(strings: clone.nextSteps)
        return try write { db in
            try requireRun(clone.task.run, db)
            try db.execute("""
                INSERT INTO tasks (run, step, status, foreach_stack_json, origin_task_id, next_steps_json, foreach_count,
                                   created_at, started_at, finished_at)
                VALUES (?, ?, 'succeeded', ?, ?, ?, ?, ?, ?, ?)
                """, clone.task.run, clone.task.step, stack, clone.task.originTaskID, nextSteps, clone.foreachCount, at, at, at)
            let id = db.lastInsertRowID
            for (position, parent) in clone.task.parents.enumerated() {
                try db.execute("INSERT INTO task_parents (task, position, parent) VALUES (?, ?, ?)", id, position, parent)
            }
            try db.execute("""
                INSERT INTO attempts (task, attempt, status, started_at, finished_at, stdout_path, stderr_path)
                VALUES (?, 0, 'succeeded', ?, ?, ?, ?)
                """, id, at, at, clone.stdoutPath, clone.stderrPath)
            try insertArtifacts(clone.artifacts, task: id, createdAt: at, db)
            return id
        }
    }

    /// The succeeded tasks of a run, with what a resume needs to clone them, in one snapshot.
    public func succeededTasks(run: RunID) throws -> [ResumePlan.OriginTask] {
        let records = try tasks(run: run).filter { $0.status == .succeeded }
        return try read { db in
            var artifacts: [TaskID: [ArtifactRecord]] = [:]
            try db.cachedStatement("""
                SELECT a.task, a.name, a.object, a.kind, a.language, a.type_name, a.size
                FROM artifacts a JOIN tasks t ON t.id = a.task WHERE t.run = ? AND t.status = 'succeeded' ORDER BY a.task, a.name
                """).forEachRow([run]) { row in
                artifacts[try row.int64(0), default: []].append(try StoredArtifact(row: row).record)
            }
            var logs: [TaskID: (stdout: String, stderr: String)] = [:]
            try db.cachedStatement("""
                SELECT a.task, a.stdout_path, a.stderr_path FROM attempts a JOIN tasks t ON t.id = a.task
                WHERE t.run = ? AND a.status = 'succeeded' ORDER BY a.task, a.attempt
                """).forEachRow([run]) { row in
                logs[try row.int64(0)] = (try row.string(1), try row.string(2))
            }
            return records.map { task in
                ResumePlan.OriginTask(id: task.id, step: task.step, parents: task.parents,
                                      foreachIndices: task.foreachStack.map(\.index), nextSteps: task.nextSteps,
                                      foreachCount: task.foreachCount, artifacts: artifacts[task.id] ?? [],
                                      stdoutPath: logs[task.id]?.stdout ?? "", stderrPath: logs[task.id]?.stderr ?? "")
            }
        }
    }

    /// Ends a run whose engine is gone (killed, crashed, the machine rebooted)
    /// while the store still says it runs: its unfinished attempts, tasks and
    /// the run itself become failed, the attempts with ``TaskFailure/engineLost``.
    /// - Returns: whether the run was unfinished.
    @discardableResult
    public func markAbandoned(run: RunID, at: Date = Date()) throws -> Bool {
        let failure = try StoredJSON.encode(TaskFailure.engineLost)
        let finishedAt = StoredTime.milliseconds(at)
        return try write { db in
            try requireRun(run, db)
            try db.execute("""
                UPDATE attempts SET status = 'failed', finished_at = ?, failure_json = ?
                WHERE status IN ('pending', 'running') AND task IN (SELECT id FROM tasks WHERE run = ?)
                """, finishedAt, failure, run)
            try db.execute("""
                UPDATE tasks SET status = 'failed', finished_at = ? WHERE run = ? AND status IN ('pending', 'running')
                """, finishedAt, run)
            try db.execute("UPDATE runs SET status = 'failed', finished_at = ? WHERE id = ? AND status IN ('pending', 'running')",
                           finishedAt, run)
            return db.changes == 1
        }
    }
}
