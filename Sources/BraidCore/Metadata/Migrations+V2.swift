extension Migrations {
    /// Runs record their code package: the SHA-256 of the tarball under
    /// `code/` (CodeStore), null for runs made before snapshots or without one.
    static let schemaV2 = Migration(version: 2, name: "code package of a run", sql: """
        ALTER TABLE runs ADD COLUMN code_hash TEXT CHECK (code_hash IS NULL OR length(code_hash) = 64);
        """)
}
