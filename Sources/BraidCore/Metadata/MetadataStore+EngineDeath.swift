public import Foundation

extension MetadataStore {
    /// Records that a run's engine died mid-run (the ``Watchdog`` saw it go and
    /// stopped its workers): attempts still running and tasks not finished end
    /// `cancelled` with the `cancelled` failure, and the run ends `cancelled`.
    /// Nothing that finished is touched, so `resume` continues from what was stored.
    /// A run that already finished is left as it is.
    /// - Returns: whether the run was still unfinished.
    @discardableResult
    public func recordEngineDied(run: RunID, at date: Date) throws -> Bool {
        let finishedAt = StoredTime.milliseconds(date)
        let failure = try StoredJSON.encode(TaskFailure.cancelled)
        return try write { db in
            try db.execute("UPDATE runs SET status = 'cancelled', finished_at = ? WHERE id = ? AND status IN ('pending', 'running')",
                           finishedAt, run)
            guard db.changes == 1 else { return false }
            try db.execute("""
                UPDATE attempts SET status = 'cancelled', finished_at = ?, failure_json = ?
                WHERE status = 'running' AND task IN (SELECT id FROM tasks WHERE run = ?)
                """, finishedAt, failure, run)
            try db.execute("UPDATE tasks SET status = 'cancelled', finished_at = ? WHERE run = ? AND status IN ('pending', 'running')",
                           finishedAt, run)
            return true
        }
    }
}
