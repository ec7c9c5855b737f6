/// Something the metadata store refuses or cannot make sense of (as opposed to
/// `SQLiteError`, which is SQLite itself failing).
///
/// `description` is one sentence that names the run, task, tag or file.
public struct MetadataError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The kind of problem, for callers that branch on it.
    public enum Code: Sendable, Equatable {
        /// A run, task or attempt id that is not in the store.
        case notFound
        /// A value the store does not accept (a non-terminal final status, an empty tag).
        case invalidArgument
        /// An attempt to change what must not change (a system tag).
        case immutable
        /// The store was written by a newer engine.
        case schemaTooNew
        /// A row holds something this engine cannot read back.
        case corruptRecord
    }

    /// What kind of problem it is.
    public let code: Code
    /// What is wrong and where, as a sentence.
    public let description: String

    init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }

    static func unknownDeployment(_ flow: String) -> MetadataError {
        MetadataError(.notFound, "there is no deployment named \(flow) (braid deployments lists them)")
    }

    static func unknownRun(_ run: RunID) -> MetadataError {
        MetadataError(.notFound, "there is no run \(run) in the store")
    }

    static func unknownTask(_ task: TaskID, run: RunID? = nil) -> MetadataError {
        MetadataError(.notFound, run.map { "there is no task \(task) in run \($0)" } ?? "there is no task \(task) in the store")
    }

    static func unknownAttempt(_ attempt: Int, task: TaskID) -> MetadataError {
        MetadataError(.notFound, "task \(task) has no attempt \(attempt) (record attemptStarted before attemptFinished)")
    }

    static func schemaTooNew(path: String, found: Int64, supported: Int64) -> MetadataError {
        MetadataError(.schemaTooNew, "\(path) has schema version \(found), but this engine knows versions up to "
            + "\(supported): upgrade braid to use this store")
    }

    static func corrupt(_ table: String, _ column: String, _ value: String, _ reason: String) -> MetadataError {
        MetadataError(.corruptRecord, "\(table).\(column) holds \(value.prefix(80)), which \(reason)")
    }
}
