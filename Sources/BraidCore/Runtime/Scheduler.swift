/// Decides what a run does next: a state machine with no I/O and no clock of its own.
///
/// The coordinator feeds it events (an attempt succeeded or failed, time
/// passed, the user cancelled) with the current instant, and performs the
/// ``SchedulerAction``s it returns. Tests drive it with a manual clock.
///
/// Rules:
/// - a task is created when its inputs are ready: the successor of a task
///   that succeeded, one task per branch arm, `foreach_count` tasks for a
///   foreach, and a join once every task of the split instance it closes has
///   reached it (its inputs ordered by branch or item index, never by
///   completion);
/// - at most `maxWorkers` attempts run at once, and only while their `@resources`
///   fit the ``ResourceBudget``; ready tasks start first come, first served (a
///   task that does not fit yet holds back the ones behind it, so a big task is
///   never starved by a stream of small ones);
/// - a failed attempt is retried `@retry(times=)` times, `minutes_between_retries` apart;
/// - a task of a step with `@catch` that fails for good (not by cancellation)
///   counts as succeeded: its declared transition is taken;
/// - after a task fails for good, nothing new starts, running attempts finish,
///   and the run fails; a cancelled run stops its running attempts.
public struct Scheduler<Instant: InstantProtocol> where Instant.Duration == Duration {
    /// The most attempts running at once.
    public let maxWorkers: Int
    let graph: FlowGraph
    var tasks: [TaskState] = []
    var ready: [TaskKey] = []
    var readyHead = 0
    var waiting: [(due: Instant, key: TaskKey)] = []
    var running: Set<TaskKey> = []
    /// Join inputs that have arrived, by join and the split instance they close.
    var arrivals: [JoinKey: [Int: TaskKey]] = [:]
    var phase: Phase = .notStarted
    var endSucceeded = false
    var note: String?
    /// CPU and memory claimed by running attempts.
    var budget: ResourceBudget
    /// What one task of each step claims.
    let demands: [String: ResourceAmount]

    enum Phase: Equatable {
        case notStarted, running, failing, cancelling, finished
    }

    struct TaskState {
        let step: String
        let splits: [SplitFrame]
        let parents: [TaskKey]
        var attempt = 0
        var status: TaskStatus = .pending
    }

    struct JoinKey: Hashable {
        let join: String
        let outer: [SplitFrame]
    }

    /// - Parameters:
    ///   - graph: a validated graph.
    ///   - maxWorkers: the most attempts running at once (at least 1).
    ///   - capacity: the cores and memory running attempts may claim in all; nil for no limit.
    public init(graph: FlowGraph, maxWorkers: Int, capacity: ResourceAmount? = nil) {
        self.graph = graph
        self.maxWorkers = max(1, maxWorkers)
        self.budget = ResourceBudget(capacity: capacity ?? ResourceAmount(cpu: Double(Int32.max), memoryMB: Int.max / 2))
        var demands: [String: ResourceAmount] = [:]
        for name in graph.stepNames {
            if let step = graph.step(named: name) { demands[name] = ResourceBudget.demand(of: step) }
        }
        self.demands = demands
    }

    /// What the running attempts claim (for tests and progress displays).
    public var resourcesInUse: ResourceAmount { budget.inUse }

    // MARK: - State

    /// The tasks whose attempt is running.
    public var runningTasks: [TaskKey] { running.sorted() }
    /// When ``advance(to:)`` next has something to do (a retry falls due).
    public var nextWakeup: Instant? { phase == .running ? waiting.map(\.due).min() : nil }
    /// Whether the run reached a terminal status.
    public var isFinished: Bool { phase == .finished }

    /// Where a task is: after ``attemptFailed(_:failure:now:)``, `succeeded` means `@catch` caught the failure.
    public func status(of key: TaskKey) -> TaskStatus { tasks[key.rawValue].status }

    /// The plan of a task's current attempt.
    public func plan(_ key: TaskKey) -> TaskPlan {
        let task = tasks[key.rawValue]
        return TaskPlan(key: key, step: task.step, attempt: task.attempt, parents: task.parents,
                        foreachStack: task.splits.compactMap { if case .foreach(let f) = $0 { f } else { nil } },
                        isJoin: graph.isJoin(task.step))
    }

    // MARK: - Events

    /// Starts the run with its `start` task.
    public mutating func start(now: Instant) -> [SchedulerAction] {
        guard phase == .notStarted else { return [] }
        phase = .running
        create("start", splits: [], parents: [])
        return settle()
    }

    /// An attempt succeeded; for a foreach, `foreachCount` is the item count the worker reported.
    /// The coordinator has already checked the transition against the graph.
    public mutating func attemptSucceeded(_ key: TaskKey, foreachCount: Int?, now: Instant) -> [SchedulerAction] {
        guard running.remove(key) != nil else { return [] }
        budget.release(demand(key))
        tasks[key.rawValue].status = .succeeded
        if phase == .running, let problem = enterSuccessors(of: key, foreachCount: foreachCount) {
            return fail(note: problem) + settle()
        }
        return settle()
    }

    /// An attempt failed; the actions say whether it will be retried (`.retry`).
    /// When it will not and the step has `@catch`, the task counts as succeeded
    /// (``status(of:)`` says so) and its successors follow, as after a success.
    public mutating func attemptFailed(_ key: TaskKey, failure: TaskFailure, now: Instant) -> [SchedulerAction] {
        guard running.remove(key) != nil else { return [] }
        budget.release(demand(key))
        var actions: [SchedulerAction] = []
        let policy = graph.step(named: tasks[key.rawValue].step)?.retryPolicy
        if phase == .running, failure != .cancelled, let policy, tasks[key.rawValue].attempt < policy.times {
            tasks[key.rawValue].attempt += 1
            let delay = policy.delay
            if delay <= .zero {
                tasks[key.rawValue].status = .pending
                ready.append(key)
            } else {
                waiting.append((now.advanced(by: delay), key))
            }
            actions.append(.retry(plan(key), after: delay))
        } else if failure != .cancelled, phase != .cancelling, let step = graph.step(named: tasks[key.rawValue].step),
                  step.catchPolicy != nil, step.foreach == nil {
            // @catch: the task counts as succeeded and the run goes on along the declared transition.
            tasks[key.rawValue].status = .succeeded
            if phase == .running, let problem = enterSuccessors(of: key, foreachCount: nil) {
                actions += fail(note: problem)
            }
        } else {
            tasks[key.rawValue].status = failure == .cancelled ? .cancelled : .failed
            if phase == .running { actions += fail(note: nil) }
        }
        return actions + settle()
    }

    /// Time passed: retries that fell due become ready.
    public mutating func advance(to now: Instant) -> [SchedulerAction] {
        guard phase == .running else { return [] }
        waiting.sort { $0.due < $1.due }
        while let first = waiting.first, first.due <= now {
            waiting.removeFirst()
            tasks[first.key.rawValue].status = .pending
            ready.append(first.key)
        }
        return settle()
    }

    /// The user cancelled: nothing new starts and running attempts are stopped.
    /// The run finishes as cancelled once they all reported back.
    public mutating func cancel() -> [SchedulerAction] {
        switch phase {
        case .finished, .cancelling:
            return []
        case .notStarted:
            phase = .finished
            return [.finishRun(.cancelled, note: nil)]
        case .running, .failing:
            phase = .cancelling
            return dropPendingWork() + running.sorted().map { .stop($0) } + settle()
        }
    }

    // MARK: - Internals

    /// No new work after a failure: ready tasks are dropped, announced retries abandoned.
    private mutating func fail(note: String?) -> [SchedulerAction] {
        guard phase == .running else { return [] }
        phase = .failing
        self.note = self.note ?? note
        return dropPendingWork()
    }

    private mutating func dropPendingWork() -> [SchedulerAction] {
        var actions: [SchedulerAction] = []
        // A ready task on its first attempt was never announced: it just never exists.
        for key in ready[readyHead...] where tasks[key.rawValue].attempt > 0 {
            tasks[key.rawValue].status = .cancelled
            actions.append(.abandon(plan(key)))
        }
        for (_, key) in waiting.sorted(by: { $0.key < $1.key }) {
            tasks[key.rawValue].status = .cancelled
            actions.append(.abandon(plan(key)))
        }
        ready = []
        readyHead = 0
        waiting = []
        return actions
    }

    /// Starts ready tasks while workers are free, then ends the run when nothing is left.
    private mutating func settle() -> [SchedulerAction] {
        var actions: [SchedulerAction] = []
        while phase == .running, running.count < maxWorkers, readyHead < ready.count, budget.fits(demand(ready[readyHead])) {
            let key = ready[readyHead]
            readyHead += 1
            tasks[key.rawValue].status = .running
            running.insert(key)
            budget.reserve(demand(key))
            actions.append(.start(plan(key)))
        }
        if readyHead == ready.count, readyHead > 0 {
            ready.removeAll(keepingCapacity: true)
            readyHead = 0
        }
        if phase != .finished, phase != .notStarted, running.isEmpty, readyHead == ready.count, waiting.isEmpty {
            actions.append(.finishRun(finalStatus(), note: note))
            phase = .finished
        }
        return actions
    }

    private func demand(_ key: TaskKey) -> ResourceAmount {
        demands[tasks[key.rawValue].step] ?? ResourceBudget.defaultDemand
    }

    private mutating func finalStatus() -> RunStatus {
        switch phase {
        case .cancelling: return .cancelled
        case .failing: return .failed
        default:
            if endSucceeded { return .succeeded }
            note = note ?? stallDescription()
            return .failed
        }
    }

    /// Why a run with nothing left to do did not reach `end` (a graph the validation should have refused).
    private func stallDescription() -> String {
        let waitingJoins = arrivals.map { key, inputs in
            "join '\(key.join)' got \(inputs.count) of its inputs"
        }.sorted()
        return "the run stalled before reaching 'end'" + (waitingJoins.isEmpty ? "" : ": " + waitingJoins.joined(separator: "; "))
    }
}
