public import Foundation

/// A task a resumed run copies from its origin run instead of running it.
public struct TaskClone: Sendable, Equatable {
    /// The new task, with `originTaskID` set.
    public var task: NewTask
    /// The origin task's namespace, reused by reference (same objects).
    public var artifacts: [ArtifactRecord]
    public var nextSteps: [String]
    public var foreachCount: Int?
    /// The origin attempt's logs: a clone shows what its origin printed.
    public var stdoutPath: String
    public var stderrPath: String
    public var clonedAt: Date

    public init(task: NewTask, artifacts: [ArtifactRecord], nextSteps: [String], foreachCount: Int?,
                stdoutPath: String, stderrPath: String, clonedAt: Date = Date()) {
        self.task = task
        self.artifacts = artifacts
        self.nextSteps = nextSteps
        self.foreachCount = foreachCount
        self.stdoutPath = stdoutPath
        self.stderrPath = stderrPath
        self.clonedAt = clonedAt
    }
}
