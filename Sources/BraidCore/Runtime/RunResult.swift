/// How a run ended.
public struct RunResult: Sendable, Equatable {
    /// The run's id in the journal.
    public var runID: RunID
    /// succeeded, failed or cancelled.
    public var status: RunStatus
    /// The tasks that failed for good (after their retries), in the order they failed.
    /// Attempts stopped by cancellation are not listed: the status says it.
    public var failures: [TaskFailureReport]
    /// The tasks whose failure `@catch` caught (the run went on), in the order they failed.
    public var caught: [TaskFailureReport] = []
    /// The signal that cancelled the run (SIGINT, SIGTERM), when one did.
    public var cancellingSignal: Int32?
    /// Why the run failed when no task did (e.g. a graph the validation should have refused).
    public var note: String?
    /// How many tasks and attempts the run started.
    public var taskCount: Int
    /// Attempts started, retries included.
    public var attemptCount: Int
    /// Tasks a resume copied from the origin run (part of `taskCount`).
    public var clonedCount: Int

    /// Creates a result.
    public init(runID: RunID, status: RunStatus, failures: [TaskFailureReport] = [], note: String? = nil,
                taskCount: Int = 0, attemptCount: Int = 0, clonedCount: Int = 0) {
        self.runID = runID
        self.status = status
        self.failures = failures
        self.note = note
        self.taskCount = taskCount
        self.attemptCount = attemptCount
        self.clonedCount = clonedCount
    }
}

/// One task that failed, for the user.
public struct TaskFailureReport: Sendable, Equatable, CustomStringConvertible {
    /// The task's step.
    public var step: String
    /// The task's id in the journal.
    public var taskID: TaskID
    /// `FLOW/RUN/STEP/TASK`.
    public var pathspec: String
    /// The last attempt's number.
    public var attempt: Int
    /// Why its last attempt failed.
    public var failure: TaskFailure
    /// The most resident memory its last attempt's processes were seen holding, in MB
    /// (sampled each second; nil when it ended before a sample).
    public var peakMemoryMB: Int?

    /// Creates a report.
    public init(step: String, taskID: TaskID, pathspec: String, attempt: Int, failure: TaskFailure) {
        self.step = step
        self.taskID = taskID
        self.pathspec = pathspec
        self.attempt = attempt
        self.failure = failure
    }

    /// `PricingFlow/7/train/12 (attempt 2): the step raised ZeroDivisionError (python): division by zero`
    public var description: String { "\(pathspec) (attempt \(attempt)): \(failure)" }
}
