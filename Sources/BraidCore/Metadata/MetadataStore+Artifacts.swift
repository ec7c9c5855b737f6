extension MetadataStore {
    /// The artifacts visible in a task (inherited and set), by name.
    public func artifacts(task: TaskID) throws -> [StoredArtifact] {
        try read { db in
            try db.cachedStatement("\(Self.artifactColumns) WHERE task = ? ORDER BY name").rows([task], StoredArtifact.init(row:))
        }
    }

    /// One artifact of a task, or nil when the task has none by that name.
    public func artifact(task: TaskID, name: String) throws -> StoredArtifact? {
        try read { db in
            try db.cachedStatement("\(Self.artifactColumns) WHERE task = ? AND name = ?").firstRow([task, name], StoredArtifact.init(row:))
        }
    }

    /// Whether an object is referenced by the store's metadata.
    public func containsObject(_ hash: String) throws -> Bool {
        try read { db in
            try db.cachedStatement("SELECT 1 FROM objects WHERE hash = ?").firstRow([hash]) { _ in true } ?? false
        }
    }

    /// Records a task's artifacts, and each object once.
    func insertArtifacts(_ artifacts: [ArtifactRecord], task: TaskID, createdAt: Int64, _ db: SQLiteConnection) throws {
        for artifact in artifacts {
            try db.execute("INSERT INTO objects (hash, size, created_at) VALUES (?, ?, ?) ON CONFLICT (hash) DO NOTHING",
                           artifact.object, artifact.size, createdAt)
            try db.execute("""
                INSERT INTO artifacts (task, name, object, kind, language, type_name, size) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, task, artifact.name, artifact.object, artifact.kind, artifact.language, artifact.typeName, artifact.size)
        }
    }

    private static let artifactColumns = "SELECT task, name, object, kind, language, type_name, size FROM artifacts"
}

extension StoredArtifact {
    init(row: SQLiteRow) throws {
        self.init(task: try row.int64(0), name: try row.string(1), object: try row.string(2), kind: try row.string(3),
                  language: try row.string(4), typeName: try row.string(5), size: try row.int64(6))
    }
}
