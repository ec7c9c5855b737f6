extension DeltaLog {
    /// What recording one commit does: the version it lands and the watch's state after it.
    public struct Step: Sendable {
        public var landing: NewTableVersion
        public var state: DeltaWatchState
        /// Things worth a line in the service's log (adds without row counts, an unreadable schema).
        public var notes: [String]
    }

    /// The landing of commit `version` of the Delta table at `location`, whose file holds `bytes`.
    ///
    /// `rows` is the rows this commit added (the sum of its adds' `numRecords`),
    /// not the table's total: the log records no total, and replaying removes
    /// would need every file's statistics. The schema is the commit's own
    /// `metaData`, else the one in effect before it (`state`, or on a first
    /// look `earlierSchema`, read from older commits by the caller).
    /// - Throws: ``DeltaCommitError`` when the file is not JSON lines: nothing lands, and later commits wait.
    public static func step(table: String, location: String, version: Int64, bytes: [UInt8], state: DeltaWatchState?,
                            earlierSchema: JSONValue? = nil, publisher: String) throws(DeltaCommitError) -> Step {
        let commit = try DeltaCommit.parse(bytes)
        var notes: [String] = []
        var schema = state?.schema ?? earlierSchema
        if let text = commit.schemaString {
            do {
                schema = try DeltaSchema.fields(schemaString: text)
            } catch {
                notes.append("\(table): Delta commit \(version) of \(location): \(error); its schema is kept as before")
            }
        }
        if commit.addsWithoutRowCount > 0 {
            notes.append("\(table): Delta commit \(version) of \(location) has \(commit.addsWithoutRowCount) of \(commit.adds) add actions "
                + "without numRecords statistics; they count as 0 rows")
        }
        let fingerprint = bytes.withUnsafeBytes { SHA256.hash($0).hex }
        let landing = NewTableVersion(name: table, rows: commit.addedRows, schema: schema ?? .array([]), fingerprint: fingerprint,
                                      how: TableWatch.Kind.delta.rawValue, location: location, commit: String(version), publisher: publisher)
        return Step(landing: landing, state: DeltaWatchState(version: version, schema: schema), notes: notes)
    }
}
