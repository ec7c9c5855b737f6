/// Everything the coordinator tracks about one running task attempt.
final class ActiveAttempt {
    let plan: TaskPlan
    let taskID: TaskID
    let spec: StepSpec
    let pathspec: String
    /// The worker running it.
    let worker: WorkerConnection
    let output: TaskOutput
    let spool: String
    let stdoutPath: String
    let stderrPath: String

    /// Decided once: by done/error, a violation, a timeout, cancellation, or the exit itself.
    var outcome: Outcome?
    /// Artifacts the attempt set, stored already, by name.
    var artifacts: [String: ArtifactRecord] = [:]
    var next: WorkerMessage.Next?
    /// When a step with `@timeout` runs out of time.
    var timeoutDeadline: ContinuousClock.Instant?
    /// When to stop waiting for the worker to exit on its own (after done/error, or fd 4 closing).
    var exitDeadline: ContinuousClock.Instant?
    /// The most resident memory its process group was seen holding, in MB (sampled each second).
    var peakMemoryMB: Int?

    enum Outcome: Equatable {
        case succeeded
        case failed(TaskFailure)
    }

    init(plan: TaskPlan, taskID: TaskID, spec: StepSpec, pathspec: String, worker: WorkerConnection, output: TaskOutput,
         spool: String, stdoutPath: String, stderrPath: String) {
        self.plan = plan
        self.taskID = taskID
        self.spec = spec
        self.pathspec = pathspec
        self.worker = worker
        self.output = output
        self.spool = spool
        self.stdoutPath = stdoutPath
        self.stderrPath = stderrPath
    }

    /// The earliest instant something is due for this attempt.
    var nextDeadline: ContinuousClock.Instant? {
        var deadlines: [ContinuousClock.Instant] = []
        if outcome == nil, let timeoutDeadline { deadlines.append(timeoutDeadline) }
        if !worker.teardown.hasBegun, let exitDeadline { deadlines.append(exitDeadline) }
        if let kill = worker.teardown.killDeadline { deadlines.append(kill) }
        return deadlines.min()
    }
}

/// Whether the transition a worker reported is the one the graph declares.
enum TransitionCheck {
    /// Nil when `taken` matches `declared`; otherwise the failure naming both.
    ///
    /// A branch matches whatever the order of its steps (inputs are ordered by
    /// the spec, not by what the worker wrote); a foreach must name the same
    /// artifact.
    static func failure(taken: WorkerMessage.Next, declared: Transition) -> TaskFailure? {
        let matches: Bool
        switch declared {
        case .end:
            matches = false
        case .linear(let step):
            matches = taken.steps == [step] && taken.foreach == nil
        case .branch(let steps):
            matches = taken.foreach == nil && taken.steps.count == steps.count && Set(taken.steps) == Set(steps)
        case .foreach(let step, let artifact):
            matches = taken.steps == [step] && taken.foreach == artifact
        }
        return matches ? nil : .transitionMismatch(expected: describe(declared), actual: describe(taken))
    }

    /// As failures show it: `train`, `a, b`, `train (foreach over grid)`, `nothing (end)`.
    static func describe(_ transition: Transition) -> String {
        switch transition {
        case .end: "nothing (end)"
        case .foreach(let step, let artifact): "\(step) (foreach over \(artifact))"
        case .linear, .branch: transition.targets.joined(separator: ", ")
        }
    }

    static func describe(_ next: WorkerMessage.Next) -> String {
        let steps = next.steps.isEmpty ? "nothing" : next.steps.joined(separator: ", ")
        return next.foreach.map { "\(steps) (foreach over \($0))" } ?? steps
    }
}
