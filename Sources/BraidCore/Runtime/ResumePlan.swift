/// What a resumed run may reuse of its origin run.
///
/// The resumed run replays the graph from `start` with the scheduler as usual.
/// Before a task would start a worker, the coordinator asks ``source(for:parents:foreachIndices:transition:)``
/// for the origin task it corresponds to; when there is one, the task is cloned
/// (artifacts by reference, logs kept) instead of run.
///
/// An origin task corresponds when it ran the same step, read the origin tasks
/// the new task's parents were cloned from (so its inputs are the same bytes),
/// sat at the same foreach indices, succeeded, and took the transition the
/// current graph declares. So a task after a rerun task always reruns, a
/// foreach whose split succeeded reruns only its failed items (and what
/// follows them), and a step changed in the code since the origin run reruns
/// when its transition changed.
public struct ResumePlan: Sendable, Equatable {
    /// The run being resumed.
    public let originRunID: RunID
    /// Steps that rerun even when their origin task succeeded: the named
    /// resume step and everything reachable from it (empty when resuming from
    /// the failure).
    public let rerunSteps: Set<String>
    private let tasks: [MatchKey: OriginTask]

    /// One succeeded task of the origin run.
    public struct OriginTask: Sendable, Equatable {
        public var id: TaskID
        public var step: String
        public var parents: [TaskID]
        public var foreachIndices: [Int]
        public var nextSteps: [String]
        public var foreachCount: Int?
        /// The task's whole namespace (inherited and set).
        public var artifacts: [ArtifactRecord]
        /// The logs of the attempt that succeeded.
        public var stdoutPath: String
        public var stderrPath: String

        public init(id: TaskID, step: String, parents: [TaskID], foreachIndices: [Int], nextSteps: [String],
                    foreachCount: Int?, artifacts: [ArtifactRecord], stdoutPath: String, stderrPath: String) {
            self.id = id
            self.step = step
            self.parents = parents
            self.foreachIndices = foreachIndices
            self.nextSteps = nextSteps
            self.foreachCount = foreachCount
            self.artifacts = artifacts
            self.stdoutPath = stdoutPath
            self.stderrPath = stderrPath
        }
    }

    struct MatchKey: Hashable, Sendable {
        let step: String
        let parents: [TaskID]
        let foreachIndices: [Int]
    }

    /// - Parameters:
    ///   - originRunID: the run being resumed.
    ///   - rerunSteps: steps never cloned.
    ///   - succeededTasks: the origin run's succeeded tasks.
    public init(originRunID: RunID, rerunSteps: Set<String>, succeededTasks: [OriginTask]) {
        self.originRunID = originRunID
        self.rerunSteps = rerunSteps
        var tasks: [MatchKey: OriginTask] = [:]
        for task in succeededTasks {
            tasks[MatchKey(step: task.step, parents: task.parents, foreachIndices: task.foreachIndices)] = task
        }
        self.tasks = tasks
    }

    /// How many origin tasks may be cloned at most.
    public var reusableTaskCount: Int { tasks.count }

    /// The origin task a new task may be cloned from, or nil when it must run.
    /// - Parameters:
    ///   - step: the new task's step, as the current graph has it.
    ///   - parents: the origin tasks its parents were cloned from; nil when a parent reran.
    ///   - foreachIndices: its foreach item indices, outermost first.
    ///   - transition: the steps the current graph says it goes to, and whether it is a foreach.
    func source(for step: String, parents: [TaskID]?, foreachIndices: [Int],
                transition: (next: [String], isForeach: Bool)) -> OriginTask? {
        guard !rerunSteps.contains(step), let parents,
              let origin = tasks[MatchKey(step: step, parents: parents, foreachIndices: foreachIndices)] else { return nil }
        guard Set(origin.nextSteps) == Set(transition.next), (origin.foreachCount != nil) == transition.isForeach else {
            return nil  // the code changed how this step continues
        }
        return origin
    }
}
