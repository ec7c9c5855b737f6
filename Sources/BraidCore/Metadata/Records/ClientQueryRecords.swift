public import Foundation

/// Which runs of a flow to list, one page at a time: what `braid api get FLOW`
/// asks the store (docs/client-api.md).
public struct RunPageRequest: Sendable, Hashable {
    /// The flow whose runs are listed.
    public var flow: String
    /// Only this user's runs (a `user:NAME` namespace), or everyone's.
    public var user: String?
    /// Runs that carry every one of these tags, user or system (a tag namespace, `runs('a', 'b')`).
    public var tags: [String]
    /// Only runs older than this one: the page after the one that ended with it.
    public var before: RunID?
    /// At most this many runs.
    public var limit: Int

    /// A request; `limit` below 0 counts as 0.
    public init(flow: String, user: String? = nil, tags: [String] = [], before: RunID? = nil, limit: Int) {
        self.flow = flow
        self.user = user
        self.tags = tags
        self.before = before
        self.limit = max(0, limit)
    }
}

/// One page of runs, newest first, and whether older ones follow.
public struct RunPage: Sendable, Hashable {
    /// The runs of the page, newest first.
    public var runs: [RunSummary]
    /// Whether more runs match beyond this page (ask again with `before` = the last run's id).
    public var hasMore: Bool

    /// Creates a page; the store makes these when reading.
    public init(runs: [RunSummary], hasMore: Bool) {
        self.runs = runs
        self.hasMore = hasMore
    }
}

/// A task another task is linked to, as a parent (it read its output) or a child.
public struct TaskLink: Sendable, Hashable {
    /// The linked task.
    public var id: TaskID
    /// Its run (the same run for every link the engine makes, a resumed run included).
    public var run: RunID
    /// Its step.
    public var step: String

    /// Creates a link; the store makes these when reading.
    public init(id: TaskID, run: RunID, step: String) {
        self.id = id
        self.run = run
        self.step = step
    }
}

/// A step's tasks with everything the client API shows of each (attempts,
/// artifacts, parents and children), read in one snapshot with one query per
/// kind of row, so a 4,000-task step costs a handful of statements, not 16,000.
public struct StepDetails: Sendable {
    /// The tasks, in creation order.
    public var tasks: [TaskRecord]
    /// Each task's attempts, first to last.
    public var attempts: [TaskID: [AttemptRecord]]
    /// Each task's visible artifacts, by name.
    public var artifacts: [TaskID: [StoredArtifact]]
    /// Each task's parents, in input order.
    public var parents: [TaskID: [TaskLink]]
    /// Each task's children (tasks that read its output), by id.
    public var children: [TaskID: [TaskLink]]

    /// Creates the details; the store makes these when reading.
    public init(tasks: [TaskRecord], attempts: [TaskID: [AttemptRecord]], artifacts: [TaskID: [StoredArtifact]],
                parents: [TaskID: [TaskLink]], children: [TaskID: [TaskLink]]) {
        self.tasks = tasks
        self.attempts = attempts
        self.artifacts = artifacts
        self.parents = parents
        self.children = children
    }
}

/// A flow as a client lists it (`Metaflow()`, `list_flows()`): its runs in the namespace asked for.
public struct FlowSummary: Sendable, Hashable {
    /// The flow's name.
    public var name: String
    /// How many of its runs are seen.
    public var runCount: Int
    /// The newest of those runs.
    public var latestRunID: RunID
    /// When the newest of those runs was created.
    public var latestCreatedAt: Date

    /// Creates a summary; the store makes these when reading.
    public init(name: String, runCount: Int, latestRunID: RunID, latestCreatedAt: Date) {
        self.name = name
        self.runCount = runCount
        self.latestRunID = latestRunID
        self.latestCreatedAt = latestCreatedAt
    }
}

/// A step of a run as the run's answer lists it: counted and timed by the store, not task by task.
public struct StepSummary: Sendable, Hashable {
    /// The step's name.
    public var name: String
    /// How many tasks it has.
    public var taskCount: Int
    /// The distinct statuses of its tasks.
    public var statuses: Set<TaskStatus>
    /// When its first task started.
    public var startedAt: Date?
    /// When its last task ended; nil while any has not.
    public var finishedAt: Date?

    /// Creates a summary; the store makes these when reading.
    public init(name: String, taskCount: Int, statuses: Set<TaskStatus>, startedAt: Date?, finishedAt: Date?) {
        self.name = name
        self.taskCount = taskCount
        self.statuses = statuses
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }
}

/// A run as a list of runs shows it: everything but its spec and parameters, which a listing of 10,000 runs
/// would otherwise read and decode for nothing.
public struct RunSummary: Sendable, Hashable {
    /// The run id.
    public var id: RunID
    /// The flow's name.
    public var flow: String
    /// pending, running, or how it ended.
    public var status: RunStatus
    /// Who started it.
    public var user: String
    /// The run this one resumed, if any.
    public var originRunID: RunID?
    /// When the engine recorded it.
    public var createdAt: Date
    /// When it started running.
    public var startedAt: Date?
    /// When it ended.
    public var finishedAt: Date?
    /// Its user tags, sorted.
    public var userTags: [String]
    /// Its system tags, sorted.
    public var systemTags: [String]
    /// The SHA-256 of its code package, if one was made.
    public var codeHash: String?

    /// Creates a summary; the store makes these when reading.
    public init(id: RunID, flow: String, status: RunStatus, user: String, originRunID: RunID?, createdAt: Date,
                startedAt: Date?, finishedAt: Date?, userTags: [String], systemTags: [String], codeHash: String?) {
        self.id = id
        self.flow = flow
        self.status = status
        self.user = user
        self.originRunID = originRunID
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.userTags = userTags
        self.systemTags = systemTags
        self.codeHash = codeHash
    }

    /// `FLOW/RUN`.
    public var pathspec: String { "\(flow)/\(id)" }
}

extension RunRecord {
    /// The run as a list of runs shows it.
    public var summary: RunSummary {
        RunSummary(id: id, flow: flow, status: status, user: user, originRunID: originRunID, createdAt: createdAt,
                   startedAt: startedAt, finishedAt: finishedAt, userTags: userTags, systemTags: systemTags,
                   codeHash: codeHash)
    }
}
