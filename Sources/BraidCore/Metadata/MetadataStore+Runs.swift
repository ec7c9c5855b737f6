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
        return try write { db in
            try db.execute("INSERT INTO flows (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                           run.flow, createdAt)
            try db.execute("""
                INSERT INTO runs (flow, status, user, spec_json, parameters_json, origin_run_id, created_at, code_hash)
                VALUES (?, 'pending', ?, ?, ?, ?, ?, ?)
                """, run.flow, run.user, run.specJSON, parameters, run.originRunID, createdAt, run.codeHash)
            let id = db.lastInsertRowID
            for tag in run.systemTags {
                try db.execute("INSERT INTO run_tags (run, tag, is_system) VALUES (?, ?, 1) ON CONFLICT DO NOTHING", id, tag)
            }
            for tag in run.userTags {
                try db.execute("INSERT INTO run_tags (run, tag, is_system) VALUES (?, ?, 0) ON CONFLICT DO NOTHING", id, tag)
            }
            return id
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
        }
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
