public import Foundation

extension MetadataStore {
    /// Stores a new version of the flow's deployment and makes it the current one.
    ///
    /// A first deployment (or one after `undeploy`) considers only events
    /// published from now on and schedule ticks after now. A new version of an
    /// active deployment keeps its place; AND-set progress of conditions the
    /// new version no longer has is dropped.
    /// - Returns: the stored version.
    public func deploy(_ new: NewDeployment, at date: Date = Date()) throws -> DeploymentRecord {
        let spec = new.spec
        let now = StoredTime.milliseconds(date)
        let environment = try StoredJSON.encode(new.environment)
        let maxConcurrent = TriggerCondition.maxConcurrent(of: spec)
        let keys = Set(TriggerCondition.conditions(of: spec).map(\.key))
        try write { db in
            let previous = try db.cachedStatement("SELECT version, active FROM deployments WHERE flow = ?")
                .firstRow([spec.flow]) { (try $0.int64(0), try $0.bool(1)) }
            let version = try db.scalarInt64("SELECT max(version) FROM deployment_versions WHERE flow = ?", spec.flow).map { $0 + 1 } ?? 1
            try db.execute("""
                INSERT INTO deployment_versions (flow, version, spec_json, code_hash, code_directory, environment_json, user, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, spec.flow, version, spec.jsonText, new.codeHash, new.codeDirectory, environment, new.user, now)
            if let previous, previous.1 {
                try db.execute("""
                    UPDATE deployments SET version = ?, max_concurrent = ?, updated_at = ?,
                        schedule_cursor = coalesce(schedule_cursor, ?) WHERE flow = ?
                    """, version, Int64(maxConcurrent), now, now, spec.flow)
                try db.cachedStatement("SELECT DISTINCT condition FROM trigger_progress WHERE flow = ?").rows([spec.flow]) { try $0.string(0) }
                    .filter { !keys.contains($0) }
                    .forEach { try db.execute("DELETE FROM trigger_progress WHERE flow = ? AND condition = ?", spec.flow, $0) }
            } else {
                let cursor = try db.scalarInt64("SELECT max(id) FROM events") ?? 0
                try db.execute("DELETE FROM trigger_progress WHERE flow = ?", spec.flow)
                try db.execute("""
                    INSERT INTO deployments (flow, version, active, max_concurrent, event_cursor, schedule_cursor, updated_at)
                    VALUES (?, ?, 1, ?, ?, ?, ?)
                    ON CONFLICT (flow) DO UPDATE SET version = excluded.version, active = 1, max_concurrent = excluded.max_concurrent,
                        event_cursor = excluded.event_cursor, schedule_cursor = excluded.schedule_cursor, updated_at = excluded.updated_at
                    """, spec.flow, version, Int64(maxConcurrent), cursor, now, now)
            }
        }
        guard let record = try deployment(flow: spec.flow) else { throw MetadataError.unknownDeployment(spec.flow) }
        return record
    }

    /// Stops triggering the flow; its runs still waiting to start are cancelled.
    /// - Returns: how many waiting runs were cancelled.
    /// - Throws: `MetadataError` when the flow has no active deployment.
    @discardableResult
    public func undeploy(flow: String, at date: Date = Date()) throws -> Int {
        let now = StoredTime.milliseconds(date)
        return try write { db in
            try db.execute("UPDATE deployments SET active = 0, updated_at = ? WHERE flow = ? AND active = 1", now, flow)
            guard db.changes == 1 else { throw MetadataError.unknownDeployment(flow) }
            try db.execute("DELETE FROM trigger_progress WHERE flow = ?", flow)
            try db.execute("""
                UPDATE runs SET status = 'cancelled', finished_at = ?, note = 'cancelled before it started: the flow was undeployed'
                WHERE flow = ? AND status = 'pending' AND deployment_version IS NOT NULL
                """, now, flow)
            return db.changes
        }
    }

    /// The flow's deployment with its current version, active or not; nil when it was never deployed.
    public func deployment(flow: String) throws -> DeploymentRecord? {
        try read { db in try Self.deployment(flow: flow, db) }
    }

    /// Every deployment (active ones first, then by name) with its newest run and queue.
    public func deployments() throws -> [DeploymentSummary] {
        try read { db in
            let flows = try db.cachedStatement("SELECT flow FROM deployments ORDER BY active DESC, flow").rows { try $0.string(0) }
            return try flows.compactMap { flow in
                guard let deployment = try Self.deployment(flow: flow, db) else { return nil }
                let last = try db.cachedStatement("SELECT id, status FROM runs WHERE flow = ? ORDER BY id DESC LIMIT 1")
                    .firstRow([flow]) { (try $0.int64(0), try RunStatus.stored(try $0.string(1), table: "runs")) }
                let counts = try db.cachedStatement("""
                    SELECT sum(status = 'pending'), sum(status = 'running') FROM runs
                    WHERE flow = ? AND deployment_version IS NOT NULL AND status IN ('pending', 'running')
                    """).firstRow([flow]) { row -> (Int, Int) in (try row.optionalInt(0) ?? 0, try row.optionalInt(1) ?? 0) } ?? (0, 0)
                return DeploymentSummary(deployment: deployment, lastRunID: last?.0, lastRunStatus: last?.1,
                                         pendingRuns: counts.0, runningRuns: counts.1)
            }
        }
    }

    /// The flows whose active deployments start on a run of `flow` succeeding: the edges `deploy` checks for loops.
    public func finishEdges() throws -> [String: [String]] {
        try read { db in
            var edges: [String: [String]] = [:]
            let flows = try db.cachedStatement("SELECT flow FROM deployments WHERE active = 1").rows { try $0.string(0) }
            for flow in flows {
                guard let spec = try? Self.deployment(flow: flow, db)?.spec else { continue }
                edges[flow] = spec.triggers.filter { $0.knownKind == .runFinished }.flatMap { $0.flows ?? [] }
            }
            return edges
        }
    }

    static func deployment(flow: String, _ db: SQLiteConnection) throws -> DeploymentRecord? {
        try db.cachedStatement("""
            SELECT d.flow, d.version, d.active, d.max_concurrent, d.event_cursor, d.schedule_cursor,
                   v.spec_json, v.code_hash, v.code_directory, v.environment_json, v.user, v.created_at
            FROM deployments d JOIN deployment_versions v ON v.flow = d.flow AND v.version = d.version
            WHERE d.flow = ?
            """).firstRow([flow]) { row in
            DeploymentRecord(flow: try row.string(0), version: try row.int64(1), active: try row.bool(2),
                             maxConcurrent: try row.int(3), eventCursor: try row.int64(4),
                             scheduleCursor: StoredTime.date(try row.optionalInt64(5)), specJSON: try row.string(6),
                             codeHash: try row.optionalString(7), codeDirectory: try row.string(8),
                             environment: try StoredJSON.decode([String: String].self, try row.string(9),
                                                                table: "deployment_versions", column: "environment_json"),
                             user: try row.string(10), deployedAt: StoredTime.date(try row.int64(11)))
        }
    }
}
