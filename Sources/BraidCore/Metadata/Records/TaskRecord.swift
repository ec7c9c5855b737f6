public import Foundation

/// A task as the store holds it.
public struct TaskRecord: Codable, Sendable, Hashable, Identifiable {
    /// The task id, unique in the store.
    public var id: TaskID
    /// The run it belongs to.
    public var run: RunID
    /// The step it ran.
    public var step: String
    /// pending, running, or how its last attempt ended.
    public var status: TaskStatus
    /// The tasks whose output it read, in order (for a join, each joined task).
    public var parents: [TaskID]
    /// The foreach levels it sits in, outermost first.
    public var foreachStack: [ForeachFrame]
    /// For a task cloned by resume, the task of the origin run it copies.
    public var originTaskID: TaskID?
    /// The steps it transitioned to; empty until it succeeded (and for `end`).
    public var nextSteps: [String]
    /// For a foreach split, how many items it fanned out over.
    public var foreachCount: Int?
    /// When the engine recorded it.
    public var createdAt: Date
    /// When its first attempt started.
    public var startedAt: Date?
    /// When its last attempt ended with no retry to follow.
    public var finishedAt: Date?

    /// Creates a record; the store makes these when reading.
    public init(id: TaskID, run: RunID, step: String, status: TaskStatus, parents: [TaskID],
                foreachStack: [ForeachFrame], originTaskID: TaskID?, nextSteps: [String], foreachCount: Int?,
                createdAt: Date, startedAt: Date?, finishedAt: Date?) {
        self.id = id
        self.run = run
        self.step = step
        self.status = status
        self.parents = parents
        self.foreachStack = foreachStack
        self.originTaskID = originTaskID
        self.nextSteps = nextSteps
        self.foreachCount = foreachCount
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }
}
