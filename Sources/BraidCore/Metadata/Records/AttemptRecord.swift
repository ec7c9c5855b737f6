public import Foundation

/// One attempt of a task: what ran, how it ended, where its output is.
public struct AttemptRecord: Codable, Sendable, Equatable {
    public var task: TaskID
    /// 0 for the first attempt, then 1, 2, ... for retries.
    public var attempt: Int
    /// running until it ends; then succeeded, failed or cancelled.
    public var status: TaskStatus
    public var pid: Int32?
    public var startedAt: Date
    public var finishedAt: Date?
    public var exitStatus: Int32?
    public var signal: Int32?
    /// Why it failed, when it did.
    public var failure: TaskFailure?
    public var stdoutPath: String
    public var stderrPath: String

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
