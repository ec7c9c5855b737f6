/// What a run has done so far, step by step: the model the live progress
/// block draws. Fed the journal's events (``ProgressJournal``); no I/O.
public struct RunProgress: Sendable, Equatable {
    /// Task counts of one step.
    public struct StepCounts: Sendable, Equatable {
        public var running = 0
        public var succeeded = 0
        public var failed = 0
        /// Tasks whose attempt failed and whose next attempt has not started yet.
        public var retrying = 0
        public var cancelled = 0
        /// Attempts that failed and were retried, over the whole run.
        public var retried = 0
        /// How many tasks the step will have, once known: the item count of
        /// the foreach that fans out into it (summed over its split tasks).
        public var expected: Int?

        /// Tasks the step has begun, in whatever state.
        public var started: Int { running + succeeded + failed + retrying + cancelled }
    }

    /// The flow's name.
    public let flow: String
    /// The run's id, once created.
    public private(set) var runID: RunID?
    /// Step names in the order they are shown (the graph's topological order).
    public let steps: [String]
    /// Counts by step name.
    public private(set) var counts: [String: StepCounts]
    /// How the run ended, once it has.
    public private(set) var finalStatus: RunStatus?
    private var stepOfTask: [TaskID: String] = [:]
    private var awaitingRetry: Set<TaskID> = []

    /// An empty progress for a flow with these steps.
    public init(flow: String, steps: [String]) {
        self.flow = flow
        self.steps = steps
        self.counts = Dictionary(uniqueKeysWithValues: steps.map { ($0, StepCounts()) })
    }

    /// Every step's counts added up.
    public var total: StepCounts {
        counts.values.reduce(into: StepCounts()) { sum, step in
            sum.running += step.running
            sum.succeeded += step.succeeded
            sum.failed += step.failed
            sum.retrying += step.retrying
            sum.cancelled += step.cancelled
            sum.retried += step.retried
        }
    }

    mutating func runCreated(_ id: RunID) {
        runID = id
    }

    mutating func taskCreated(_ id: TaskID, step: String) {
        stepOfTask[id] = step
    }

    mutating func attemptStarted(task: TaskID) {
        guard let step = stepOfTask[task] else { return }
        if awaitingRetry.remove(task) != nil { counts[step]?.retrying -= 1 }
        counts[step]?.running += 1
    }

    mutating func attemptFinished(_ end: AttemptEnd) {
        guard let step = stepOfTask[end.task] else { return }
        counts[step]?.running -= 1
        switch end.status {
        case .succeeded:
            counts[step]?.succeeded += 1
            if let items = end.foreachCount {
                for next in end.nextSteps {
                    let before = counts[next]?.expected ?? 0
                    counts[next]?.expected = before + items
                }
            }
        case .failed where end.willRetry:
            counts[step]?.retrying += 1
            counts[step]?.retried += 1
            awaitingRetry.insert(end.task)
        case .failed:
            counts[step]?.failed += 1
        default:
            counts[step]?.cancelled += 1
        }
    }

    /// A task resume copied from its origin run: done at once, as if it had run.
    mutating func taskCloned(_ id: TaskID, _ clone: TaskClone) {
        taskCreated(id, step: clone.task.step)
        attemptStarted(task: id)
        attemptFinished(AttemptEnd(run: clone.task.run, task: id, attempt: 0, status: .succeeded, finishedAt: clone.clonedAt,
                                   nextSteps: clone.nextSteps, foreachCount: clone.foreachCount))
    }

    mutating func runFinished(_ status: RunStatus) {
        finalStatus = status
    }
}
