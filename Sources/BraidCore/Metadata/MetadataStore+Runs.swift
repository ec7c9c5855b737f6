public import Foundation

extension MetadataStore {
    /// Records a new run (status pending), its flow if new, and its tags.
    ///
    /// A tag given as both a system and a user tag is kept as a system tag.
    /// - Throws: `MetadataError` for an invalid tag; `SQLiteError` (e.g. an
    ///   `originRunID` that is not in the store: a foreign key failure).
    public func createRun(_ run: NewRun) throws -> RunID {
        try validate(tags: run.systemTags + run.userTags)
        let parameters = JSONValue.object(run.parameters).jsonText
        let createdAt = StoredTime.milliseconds(run.createdAt)
        return try write { db in try Self.insertRun(run, parameters: parameters, createdAt: createdAt, db) }
    }

    /// Inserts a run, its flow if new, its tags and what triggered it, inside the caller's transaction.
    static func insertRun(_ run: NewRun, parameters: String, createdAt: Int64, status: RunStatus = .pending,
                          _ db: SQLiteConnection) throws -> RunID {
        try db.execute("INSERT INTO flows (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING", run.flow, createdAt)
        let trigger = run.trigger
        let finishedAt: Int64? = status.isTerminal ? createdAt : nil
        try db.cachedStatement("""
            INSERT INTO runs (flow, status, user, spec_json, parameters_json, origin_run_id, created_at, finished_at, code_hash,
                              trigger_type, deployment_version, note, trigger_depth)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute([run.flow, status.rawValue, run.user, run.specJSON, parameters, run.originRunID, createdAt, finishedAt,
                          run.codeHash, trigger?.type, trigger?.deploymentVersion, trigger?.note, Int64(trigger?.depth ?? 0)])
        let id = db.lastInsertRowID
        for tag in run.systemTags {
            try db.execute("INSERT INTO run_tags (run, tag, is_system) VALUES (?, ?, 1) ON CONFLICT DO NOTHING", id, tag)
        }
        for tag in run.userTags {
            try db.execute("INSERT INTO run_tags (run, tag, is_system) VALUES (?, ?, 0) ON CONFLICT DO NOTHING", id, tag)
        }
        for (position, event) in (trigger?.eventIDs ?? []).enumerated() {
            try db.execute("INSERT INTO run_triggers (run, position, event) VALUES (?, ?, ?)", id, Int64(position), event)
        }
        return id
    }

    /// Moves a run the trigger service queued from pending to running; the
    /// caller holds the run's ``RunLock``, so one engine runs it.
    /// - Throws: `MetadataError` when the run is not pending (another engine started it, or it was cancelled).
    public func startQueuedRun(_ run: RunID, at: Date) throws {
        try write { db in
            try db.execute("UPDATE runs SET status = 'running', started_at = ? WHERE id = ? AND status = 'pending'",
                           StoredTime.milliseconds(at), run)
            guard db.changes == 1 else {
                let status = try db.scalarString("SELECT status FROM runs WHERE id = ?", run)
                guard let status else { throw MetadataError.unknownRun(run) }
                throw MetadataError(.invalidArgument, "run \(run) is \(status), not pending: another engine started it, or it ended")
            }
        }
    }

    /// Marks the run running, from `at`.
    /// - Throws: `MetadataError` when there is no such run.
    public func runStarted(_ run: RunID, at: Date) throws {
        try write { db in
            try db.execute("UPDATE runs SET status = 'running', started_at = ? WHERE id = ?",
                           StoredTime.milliseconds(at), run)
            guard db.changes == 1 else { throw MetadataError.unknownRun(run) }
        }
    }

    /// Marks the run finished with `status`.
    /// - Throws: `MetadataError` when the status is not terminal or there is no such run.
    public func runFinished(_ run: RunID, status: RunStatus, at: Date) throws {
        guard status.isTerminal else {
            throw MetadataError(.invalidArgument, "run \(run) cannot finish as \(status.rawValue): "
                + "a finished run is succeeded, failed or cancelled")
        }
        try write { db in
            try db.execute("UPDATE runs SET status = ?, finished_at = ? WHERE id = ?",
                           status.rawValue, StoredTime.milliseconds(at), run)
            guard db.changes == 1 else { throw MetadataError.unknownRun(run) }
            if status == .succeeded { try Self.publishSucceeded(run: run, at: at, db) }
        }
    }

    /// `braid.run.FLOW.succeeded`, in the transaction that records the success, so no downstream trigger is lost.
    private static func publishSucceeded(run: RunID, at: Date, _ db: SQLiteConnection) throws {
        guard let (flow, user, depth) = try db.cachedStatement("SELECT flow, user, trigger_depth FROM runs WHERE id = ?")
            .firstRow([run], { (try $0.string(0), try $0.string(1), try $0.int(2)) }) else { return }
        let event = NewEvent(name: EventNames.runSucceeded(flow: flow),
                             payload: ["flow": .string(flow), "run_id": .int(run), "user": .string(user)], publisher: user,
                             source: "\(flow)/\(run)")
        _ = try insertEvent(event, at: at, depth: depth + 1, db)
    }

    // MARK: - Tags

    /// Adds user tags to a run; tags it already has are left as they are.
    /// - Throws: `MetadataError` for an unknown run or an invalid tag.
    public func addTags(run: RunID, tags: [String]) throws {
        try validate(tags: tags)
        try write { db in
            try requireRun(run, db)
            for tag in tags {
                try db.execute("INSERT INTO run_tags (run, tag, is_system) VALUES (?, ?, 0) ON CONFLICT DO NOTHING", run, tag)
            }
        }
    }

    /// Removes user tags from a run; tags it does not have are ignored.
    /// - Throws: `MetadataError` for an unknown run, or when a tag is a system
    ///   tag (system tags record how the run was made and never change); then
    ///   no tag is removed.
    public func removeTags(run: RunID, tags: [String]) throws {
        try write { db in
            try requireRun(run, db)
            for tag in tags {
                let system = try db.cachedStatement("SELECT 1 FROM run_tags WHERE run = ? AND tag = ? AND is_system = 1")
                    .firstRow([run, tag]) { _ in true } ?? false
                guard !system else {
                    throw MetadataError(.immutable, "'\(tag)' is a system tag of run \(run); system tags cannot be removed")
                }
                try db.execute("DELETE FROM run_tags WHERE run = ? AND tag = ? AND is_system = 0", run, tag)
            }
        }
    }

    /// Metaflow's limit on a tag's length, kept so tags move between the two.
    static let maximumTagLength = 500

    func validate(tags: [String]) throws {
        for tag in tags {
            guard !tag.isEmpty, !tag.allSatisfy(\.isWhitespace) else {
                throw MetadataError(.invalidArgument, "a tag cannot be empty")
            }
            guard tag.count <= Self.maximumTagLength else {
                throw MetadataError(.invalidArgument, "the tag '\(tag.prefix(40))…' is \(tag.count) characters long; "
                    + "tags are at most \(Self.maximumTagLength)")
            }
        }
    }

    func requireRun(_ run: RunID, _ db: SQLiteConnection) throws {
        let exists = try db.cachedStatement("SELECT 1 FROM runs WHERE id = ?").firstRow([run]) { _ in true } ?? false
        guard exists else { throw MetadataError.unknownRun(run) }
    }
}
