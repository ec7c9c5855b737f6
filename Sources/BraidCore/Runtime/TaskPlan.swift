/// The scheduler's name for a task of the run, before the journal gives it a `TaskID`.
public struct TaskKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Keys count up from 0 in creation order.
    public let rawValue: Int

    /// A key by number.
    public init(_ rawValue: Int) {
        self.rawValue = rawValue
    }

    /// Keys order by creation.
    public static func < (lhs: TaskKey, rhs: TaskKey) -> Bool { lhs.rawValue < rhs.rawValue }
    /// "task#3".
    public var description: String { "task#\(rawValue)" }
}

/// One attempt of a task the scheduler wants started.
public struct TaskPlan: Hashable, Sendable {
    /// The task.
    public let key: TaskKey
    /// The step it runs.
    public let step: String
    /// 0 for the first attempt, then 1, 2, ... for retries.
    public let attempt: Int
    /// The tasks whose output it reads: none for `start`, one for most steps,
    /// and for a join every joined task in branch order or item-index order
    /// (never completion order).
    public let parents: [TaskKey]
    /// The foreach levels it sits in, outermost first.
    public let foreachStack: [ForeachFrame]
    /// Whether it runs a join (its parents are its `inputs`).
    public let isJoin: Bool

    /// Creates a plan.
    public init(key: TaskKey, step: String, attempt: Int, parents: [TaskKey], foreachStack: [ForeachFrame], isJoin: Bool) {
        self.key = key
        self.step = step
        self.attempt = attempt
        self.parents = parents
        self.foreachStack = foreachStack
        self.isJoin = isJoin
    }
}

/// One level of splitting a task sits in: a branch arm or a foreach item.
///
/// Tasks carry a stack of these so that a join knows which siblings belong
/// together (those with the same stack below the top) and in what order
/// (the top frame's index).
enum SplitFrame: Hashable, Sendable {
    case branch(step: String, index: Int, count: Int)
    case foreach(ForeachFrame)

    var step: String {
        switch self {
        case .branch(let step, _, _): step
        case .foreach(let frame): frame.step
        }
    }

    var index: Int {
        switch self {
        case .branch(_, let index, _): index
        case .foreach(let frame): frame.index
        }
    }

    var count: Int {
        switch self {
        case .branch(_, _, let count): count
        case .foreach(let frame): frame.count
        }
    }
}

/// What the scheduler asks its coordinator to do.
public enum SchedulerAction: Hashable, Sendable {
    /// Start this attempt (creating the task first when `attempt` is 0).
    case start(TaskPlan)
    /// The attempt that just failed will be retried: this plan, once `after` has passed
    /// (a later `.start` carries it). The failed attempt is recorded as followed by a retry.
    case retry(TaskPlan, after: Duration)
    /// Stop the running attempt of this task (cancellation).
    case stop(TaskKey)
    /// A retry that was announced will not run (the run failed or was cancelled first):
    /// record the planned attempt as cancelled so the task ends.
    case abandon(TaskPlan)
    /// The run is over; `note` explains a failure that is no task's (an inconsistent graph).
    case finishRun(RunStatus, note: String?)
}
