public import Foundation

/// One attempt of a task: what ran, how it ended, where its output is.
public struct AttemptRecord: Codable, Sendable, Equatable {
    /// The task this is an attempt of.
    public var task: TaskID
    /// 0 for the first attempt, then 1, 2, ... for retries.
    public var attempt: Int
    /// running until it ends; then succeeded, failed or cancelled.
    public var status: TaskStatus
    /// The worker's process id, when it started.
    public var pid: Int32?
    /// When the worker was started.
    public var startedAt: Date
    /// When it ended; nil while it runs (or if the engine died meanwhile).
    public var finishedAt: Date?
    /// The worker's exit status, when it exited.
    public var exitStatus: Int32?
    /// The signal that ended the worker, when one did.
    public var signal: Int32?
    /// Why it failed, when it did.
    public var failure: TaskFailure?
    /// Where what it printed to stdout is (`LogStore`).
    public var stdoutPath: String
    /// Where what it printed to stderr is.
    public var stderrPath: String

    /// Creates a record; the store makes these when reading.
    public init(task: TaskID, attempt: Int, status: TaskStatus, pid: Int32?, startedAt: Date, finishedAt: Date?,
                exitStatus: Int32?, signal: Int32?, failure: TaskFailure?, stdoutPath: String, stderrPath: String) {
        self.task = task
        self.attempt = attempt
        self.status = status
        self.pid = pid
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.exitStatus = exitStatus
        self.signal = signal
        self.failure = failure
        self.stdoutPath = stdoutPath
        self.stderrPath = stderrPath
    }
}
