public import Foundation

/// A run the trigger service created.
public struct ClaimedRun: Sendable, Equatable {
    public var run: RunID
    public var flow: String
    /// `event`, `run_finished`, `schedule` or `manual`.
    public var type: String
    /// pending, or failed when it cannot start (``note`` says why).
    public var status: RunStatus
    public var note: String?
    public var eventIDs: [Int64]
}

/// What one claim pass did.
public struct ClaimReport: Sendable, Equatable {
    public var runs: [ClaimedRun] = []
    /// Things worth a log line (missed schedule ticks).
    public var notes: [String] = []
}

extension MetadataStore {
    /// Triggered runs at this depth or deeper are not started (docs/triggers.md, Loops).
    public static let maxTriggerDepth = 32

    /// The claim: matches every active deployment's conditions against the
    /// events published since its cursor and the schedule ticks due by `now`,
    /// and records a pending run for each firing, all in one transaction with
    /// the cursors' advance. Two services claiming at once serialize on the
    /// write lock, and the second sees the first's cursors: nothing is claimed twice.
    public func claimTriggers(now: Date = Date(), batch: Int = 1000) throws -> ClaimReport {
        try write { db in
            var report = ClaimReport()
            let newest = try db.scalarInt64("SELECT max(id) FROM events") ?? 0
            let flows = try db.cachedStatement("SELECT flow FROM deployments WHERE active = 1 ORDER BY flow").rows { try $0.string(0) }
            for flow in flows {
                guard let deployment = try Self.deployment(flow: flow, db) else { continue }
                let spec: FlowSpec
                do {
                    spec = try deployment.spec
                } catch {
                    report.notes.append("deployment \(flow) version \(deployment.version) has a spec this engine cannot read (\(error)); skipped")
                    continue
                }
                let conditions = TriggerCondition.conditions(of: spec)
                let cursor = try Self.claimEvents(deployment, spec: spec, conditions: conditions, upTo: newest, batch: batch,
                                                  into: &report, db)
                var scheduleCursor = deployment.scheduleCursor
                if let schedule = conditions.first(where: { $0.kind == .schedule }), let after = scheduleCursor {
                    scheduleCursor = try Self.claimTick(deployment, spec: spec, schedule: schedule, after: after, now: now,
                                                        into: &report, db)
                }
                try db.execute("UPDATE deployments SET event_cursor = ?, schedule_cursor = ? WHERE flow = ?",
                               cursor, scheduleCursor.map(StoredTime.milliseconds), flow)
            }
            return report
        }
    }

    /// Events after the cursor up to `newest`, matched in batches; returns the new cursor.
    private static func claimEvents(_ deployment: DeploymentRecord, spec: FlowSpec, conditions: [TriggerCondition], upTo newest: Int64,
                                    batch: Int, into report: inout ClaimReport, _ db: SQLiteConnection) throws -> Int64 {
        let names = Array(Set(conditions.flatMap(\.eventNames))).sorted()
        guard !names.isEmpty, deployment.eventCursor < newest else { return max(deployment.eventCursor, newest) }
        var progress = try loadProgress(flow: deployment.flow, db)
        let before = progress
        let placeholders = Array(repeating: "?", count: names.count).joined(separator: ", ")
        let statement = try db.prepare(eventColumns + """
             WHERE dispatch = 1 AND id > ? AND id <= ? AND name IN (\(placeholders)) ORDER BY id LIMIT ?
            """)
        var cursor = deployment.eventCursor
        while true {
            let events = try statement.rows([cursor, newest] + names + [Int64(batch)]) { try event(row: $0) }
            for firing in TriggerMatcher.match(events, conditions: conditions, progress: &progress) {
                let pairs = firing.events.map { ($0, firing.condition.mappings[$0.name] ?? nil) }
                report.runs.append(try insertTriggeredRun(deployment, spec: spec, type: firing.condition.kind.rawValue, events: pairs,
                                                          fillsParameters: firing.condition.kind == .event, db))
            }
            guard events.count == batch, let last = events.last else { break }
            cursor = last.id
        }
        if progress != before { try saveProgress(progress, flow: deployment.flow, db) }
        return newest
    }

    /// The latest schedule tick due, if any: one run for it, however many were missed. Returns the new schedule cursor.
    private static func claimTick(_ deployment: DeploymentRecord, spec: FlowSpec, schedule: TriggerCondition, after: Date, now: Date,
                                  into report: inout ClaimReport, _ db: SQLiteConnection) throws -> Date {
        guard let cron = try? CronSchedule(schedule.cron ?? "", timeZone: schedule.timezone),
              let (tick, count) = cron.latestTick(after: after, upTo: now) else { return after }
        let missed = count - 1
        let tickText = ISO8601DateFormatter().string(from: tick)
        let event = try insertEvent(NewEvent(name: EventNames.scheduleTick(flow: deployment.flow),
                                             payload: ["tick": .string(tickText), "cron": .string(cron.expression),
                                                       "timezone": .string(schedule.timezone ?? "UTC"), "missed": .int(Int64(missed))],
                                             publisher: "braid daemon", dispatch: false), at: now, depth: 0, db)
        let claimed = try insertTriggeredRun(deployment, spec: spec, type: "schedule", events: [(event, nil)], fillsParameters: false, db)
        report.runs.append(claimed)
        if missed > 0 {
            report.notes.append("\(deployment.flow): \(missed) schedule tick\(missed == 1 ? "" : "s") of '\(cron.expression)' "
                + "passed while no service ran; run \(claimed.run) is for the latest, \(tickText)")
        }
        return tick
    }

    /// Queues a run of a deployment now (`braid trigger FLOW`), with the payload filling parameters as an event's would.
    public func queueManualRun(flow: String, payload: [String: JSONValue], user: String, at date: Date = Date()) throws -> ClaimedRun {
        try write { db in
            guard let deployment = try Self.deployment(flow: flow, db), deployment.active else { throw MetadataError.unknownDeployment(flow) }
            let spec = try deployment.spec
            let event = try Self.insertEvent(NewEvent(name: EventNames.manual(flow: flow), payload: payload, publisher: user, dispatch: false),
                                             at: date, depth: 0, db)
            return try Self.insertTriggeredRun(deployment, spec: spec, type: "manual", events: [(event, nil)], fillsParameters: true, db)
        }
    }

    /// Records a triggered run: pending, or failed at once when its parameters do not convert or its chain is too deep.
    static func insertTriggeredRun(_ deployment: DeploymentRecord, spec: FlowSpec, type: String,
                                   events: [(EventRecord, [String: String]?)], fillsParameters: Bool,
                                   _ db: SQLiteConnection) throws -> ClaimedRun {
        var note: String?
        var parameters: [String: JSONValue] = [:]
        do {
            parameters = try ParameterFill.values(spec: spec, events: events, fillsParameters: fillsParameters)
        } catch {
            note = "not started: \(error)"
        }
        let depth = events.map(\.0.depth).max() ?? 0
        if depth >= maxTriggerDepth {
            note = "not started: it is \(depth) triggered runs deep (the limit is \(maxTriggerDepth)); "
                + "a loop of flows that trigger each other through events published in steps?"
        }
        let fileName = spec.file.split(separator: "/").last.map(String.init) ?? spec.file
        let eventIDs = events.map(\.0.id)
        let run = NewRun(flow: deployment.flow, specJSON: deployment.specJSON, parameters: parameters, user: deployment.user,
                         systemTags: ["user:\(deployment.user)", "language:\(spec.language)", "file:\(fileName)", "trigger:\(type)"],
                         codeHash: deployment.codeHash,
                         trigger: RunTrigger(type: type, eventIDs: eventIDs, deploymentVersion: deployment.version, note: note, depth: depth))
        let status: RunStatus = note == nil ? .pending : .failed
        let id = try insertRun(run, parameters: JSONValue.object(parameters).jsonText,
                               createdAt: StoredTime.milliseconds(Date()), status: status, db)
        return ClaimedRun(run: id, flow: deployment.flow, type: type, status: status, note: note, eventIDs: eventIDs)
    }

    private static func loadProgress(flow: String, _ db: SQLiteConnection) throws -> TriggerMatcher.Progress {
        var progress: TriggerMatcher.Progress = [:]
        try db.cachedStatement("""
            SELECT p.condition, e.id, e.name, e.payload_json, e.published_at, e.publisher, e.source, e.depth, e.dispatch
            FROM trigger_progress p JOIN events e ON e.id = p.event WHERE p.flow = ?
            """).forEachRow([flow]) { row in
            let condition = try row.string(0)
            let payload = (try? JSONValue.parse(try row.string(3)))?.objectValue ?? [:]
            let event = EventRecord(id: try row.int64(1), name: try row.string(2), payload: payload,
                                    publishedAt: StoredTime.date(try row.int64(4)), publisher: try row.string(5),
                                    source: try row.optionalString(6), depth: try row.int(7), dispatch: try row.bool(8))
            progress[condition, default: [:]][event.name] = event
        }
        return progress
    }

    private static func saveProgress(_ progress: TriggerMatcher.Progress, flow: String, _ db: SQLiteConnection) throws {
        try db.execute("DELETE FROM trigger_progress WHERE flow = ?", flow)
        for (condition, events) in progress {
            for (name, event) in events {
                try db.execute("INSERT INTO trigger_progress (flow, condition, name, event) VALUES (?, ?, ?, ?)", flow, condition, name, event.id)
            }
        }
    }

    // MARK: - The queue

    /// Runs of deployments waiting to start, oldest first.
    public func queuedRuns() throws -> [(run: RunID, flow: String)] {
        try read { db in
            try db.cachedStatement("""
                SELECT id, flow FROM runs WHERE status = 'pending' AND deployment_version IS NOT NULL ORDER BY id
                """).rows { (try $0.int64(0), try $0.string(1)) }
        }
    }

    /// Runs of deployments the store says are running.
    public func runningTriggeredRuns() throws -> [(run: RunID, flow: String)] {
        try read { db in
            try db.cachedStatement("""
                SELECT id, flow FROM runs WHERE status = 'running' AND deployment_version IS NOT NULL ORDER BY id
                """).rows { (try $0.int64(0), try $0.string(1)) }
        }
    }

    /// The deployment's environment for a queued run's engine, and the run's trigger for its tasks.
    public func queuedRunContext(run: RunID) throws -> (environment: [String: String], trigger: JSONValue?) {
        let environment: [String: String] = try read { db in
            guard let (flow, version) = try db.cachedStatement("SELECT flow, deployment_version FROM runs WHERE id = ?")
                .firstRow([run], { (try $0.string(0), try $0.optionalInt64(1)) }) else { throw MetadataError.unknownRun(run) }
            guard let version else { return [:] }
            let text = try db.scalarString("SELECT environment_json FROM deployment_versions WHERE flow = ? AND version = ?", flow, version)
            return try text.map { try StoredJSON.decode([String: String].self, $0, table: "deployment_versions", column: "environment_json") } ?? [:]
        }
        return (environment, try triggerJSON(run: run))
    }
}

extension MetadataStore {
    /// Each active deployment's `max_concurrent`.
    public func deploymentLimits() throws -> [String: Int] {
        try read { db in
            Dictionary(uniqueKeysWithValues: try db.cachedStatement("SELECT flow, max_concurrent FROM deployments WHERE active = 1")
                .rows { (try $0.string(0), try $0.int(1)) })
        }
    }

    /// The next tick of each active deployment's schedule.
    public func nextScheduleTicks() throws -> [Date] {
        let flows = try read { db in
            try db.cachedStatement("SELECT flow FROM deployments WHERE active = 1 AND schedule_cursor IS NOT NULL").rows { try $0.string(0) }
        }
        return try flows.compactMap { flow in
            guard let deployment = try deployment(flow: flow), let after = deployment.scheduleCursor,
                  let schedule = TriggerCondition.conditions(of: try deployment.spec).first(where: { $0.kind == .schedule }),
                  let cron = try? CronSchedule(schedule.cron ?? "", timeZone: schedule.timezone) else { return nil }
            return cron.nextTick(after: after)
        }
    }

    /// A write transaction that changes nothing: fails when the database cannot be written.
    public func touchForWriting() throws {
        try write { db in try db.execute("UPDATE deployments SET flow = flow WHERE 0") }
    }
}
