import Foundation

extension MetadataStore {
    /// Records a new task (status pending) with its parents in order.
    /// - Throws: `MetadataError` when the run or a parent task is not in the store.
    public func createTask(_ task: NewTask) throws -> TaskID {
        let stack = StoredJSON.encode(frames: task.foreachStack)
        let createdAt = StoredTime.milliseconds(configuration.now())
        return try write { db in
            try requireRun(task.run, db)
            for parent in task.parents {
                let exists = try db.cachedStatement("SELECT 1 FROM tasks WHERE id = ?").firstRow([parent]) { _ in true }
                guard exists != nil else { throw MetadataError.unknownTask(parent) }
            }
            try db.execute("""
                INSERT INTO tasks (run, step, status, foreach_stack_json, origin_task_id, created_at)
                VALUES (?, ?, 'pending', ?, ?, ?)
                """, task.run, task.step, stack, task.originTaskID, createdAt)
            let id = db.lastInsertRowID
            for (position, parent) in task.parents.enumerated() {
                try db.execute("INSERT INTO task_parents (task, position, parent) VALUES (?, ?, ?)", id, position, parent)
            }
            return id
        }
    }

    /// Records that an attempt began; the task becomes running (its start time
    /// is its first attempt's).
    /// - Throws: `MetadataError` when the task is not in that run;
    ///   `SQLiteError` when this attempt was already recorded.
    public func attemptStarted(_ attempt: AttemptStart) throws {
        let startedAt = StoredTime.milliseconds(attempt.startedAt)
        try write { db in
            try db.execute("UPDATE tasks SET status = 'running', started_at = coalesce(started_at, ?) WHERE id = ? AND run = ?",
                           startedAt, attempt.task, attempt.run)
            guard db.changes == 1 else { throw MetadataError.unknownTask(attempt.task, run: attempt.run) }
            try db.execute("""
                INSERT INTO attempts (task, attempt, status, pid, started_at, stdout_path, stderr_path)
                VALUES (?, ?, 'running', ?, ?, ?, ?)
                """, attempt.task, attempt.attempt, attempt.pid, startedAt, attempt.stdoutPath, attempt.stderrPath)
        }
    }

    /// Records how an attempt ended. A succeeded attempt stores the task's
    /// artifacts; unless a retry follows, the task takes the attempt's status,
    /// end time and transition. A caught failure (`@catch`) stores the
    /// artifacts too and the task ends succeeded: a succeeded task whose last
    /// attempt failed is how the store tells a caught task apart.
    /// - Throws: `MetadataError` when the status is not an end status or the
    ///   task or attempt is unknown; `SQLiteError` when an artifact name repeats.
    public func attemptFinished(_ attempt: AttemptEnd) throws {
        guard attempt.status.isTerminal else {
            throw MetadataError(.invalidArgument, "attempt \(attempt.attempt) of task \(attempt.task) cannot end as "
                + "\(attempt.status.rawValue): an attempt ends succeeded, failed or cancelled")
        }
        let finishedAt = StoredTime.milliseconds(attempt.finishedAt)
        let failure = try attempt.failure.map { try StoredJSON.encode($0) }
        let nextSteps = StoredJSON.encode(strings: attempt.nextSteps)
        try write { db in
            let inRun = try db.cachedStatement("SELECT 1 FROM tasks WHERE id = ? AND run = ?")
                .firstRow([attempt.task, attempt.run]) { _ in true }
            guard inRun != nil else { throw MetadataError.unknownTask(attempt.task, run: attempt.run) }
            try db.execute("""
                UPDATE attempts SET status = ?, finished_at = ?, exit_status = ?, signal = ?, failure_json = ?
                WHERE task = ? AND attempt = ?
                """, attempt.status.rawValue, finishedAt, attempt.exitStatus, attempt.signal, failure,
                attempt.task, attempt.attempt)
            guard db.changes == 1 else { throw MetadataError.unknownAttempt(attempt.attempt, task: attempt.task) }
            if attempt.status == .succeeded || attempt.caught {
                try insertArtifacts(attempt.artifacts, task: attempt.task, createdAt: finishedAt, db)
            }
            guard !attempt.willRetry else { return }
            try db.execute("""
                UPDATE tasks SET status = ?, finished_at = ?, next_steps_json = ?, foreach_count = ? WHERE id = ?
                """, (attempt.caught ? .succeeded : attempt.status).rawValue, finishedAt, nextSteps, attempt.foreachCount, attempt.task)
        }
    }
}
