extension MetadataStore {
    /// Removes some user tags and adds others in one transaction, so a reader
    /// never sees the run with neither (Metaflow's `replace_tags`).
    ///
    /// Removing a tag the run does not have is not an error; adding one it has changes nothing.
    /// - Throws: `MetadataError` for an unknown run, an invalid tag, or a
    ///   system tag among `remove`; then nothing changes.
    public func replaceTags(run: RunID, remove: [String], add: [String]) throws {
        try validate(tags: add)
        try write { db in
            try requireRun(run, db)
            for tag in remove {
                let system = try db.cachedStatement("SELECT 1 FROM run_tags WHERE run = ? AND tag = ? AND is_system = 1")
                    .firstRow([run, tag]) { _ in true } ?? false
                guard !system else {
                    throw MetadataError(.immutable, "'\(tag)' is a system tag of run \(run); system tags cannot be removed")
                }
                try db.execute("DELETE FROM run_tags WHERE run = ? AND tag = ? AND is_system = 0", run, tag)
            }
            for tag in add {
                try db.execute("INSERT INTO run_tags (run, tag, is_system) VALUES (?, ?, 0) ON CONFLICT DO NOTHING", run, tag)
            }
        }
    }
}
