public import Foundation

/// A run's id: SQLite assigns them in increasing order.
public typealias RunID = Int64
/// A task's id: unique within the store, so unique within its run.
public typealias TaskID = Int64

/// Where the run coordinator records what happens, as it happens.
///
/// The engine's implementation is the SQLite `MetadataStore`; each call is one
/// transaction, so a crash between calls leaves a consistent store that
/// `resume` can continue from. Tests may record in memory.
public protocol RunJournal: AnyObject {
    /// Records a new run (status pending) and returns its id.
    func createRun(_ run: NewRun) throws -> RunID
    /// Marks the run running.
    func runStarted(_ run: RunID, at: Date) throws
    /// Marks a run that the trigger service queued (pending) running, or throws when another engine started it.
    func startQueuedRun(_ run: RunID, at: Date) throws
    /// Records a new task (status pending) and returns its id.
    func createTask(_ task: NewTask) throws -> TaskID
    /// Records that an attempt of a task began (the task becomes running).
    func attemptStarted(_ attempt: AttemptStart) throws
    /// Records how an attempt ended, with the task's artifacts when it succeeded
    /// (the task takes the attempt's status when no retry follows).
    func attemptFinished(_ attempt: AttemptEnd) throws
    /// Marks the run finished with a terminal status.
    func runFinished(_ run: RunID, status: RunStatus, at: Date) throws
    /// Records a task that resume copied from the origin run: the task, one
    /// succeeded attempt pointing at the origin's logs, its artifacts and
    /// transition, all at once.
    func cloneTask(_ clone: TaskClone) throws -> TaskID
}

/// What is known of a run when it is created.
public struct NewRun: Sendable, Equatable {
    public var flow: String
    /// The flow spec as the client sent it (JSON text), kept for show and resume.
    public var specJSON: String
    public var parameters: [String: JSONValue]
    public var user: String
    public var userTags: [String]
    /// Tags the engine sets: `user:NAME`, `language:python`, `file:pricing.py`.
    public var systemTags: [String]
    /// The run this one resumes, if any.
    public var originRunID: RunID?
    public var createdAt: Date
    /// The SHA-256 of the flow directory's code package (`CodeStore`), if one was made.
    public var codeHash: String?
    /// What started it, when not a person.
    public var trigger: RunTrigger?

    public init(flow: String, specJSON: String, parameters: [String: JSONValue], user: String,
                userTags: [String] = [], systemTags: [String] = [], originRunID: RunID? = nil, createdAt: Date = Date(),
                codeHash: String? = nil, trigger: RunTrigger? = nil) {
        self.trigger = trigger
        self.flow = flow
        self.specJSON = specJSON
        self.parameters = parameters
        self.user = user
        self.userTags = userTags
        self.systemTags = systemTags
        self.originRunID = originRunID
        self.createdAt = createdAt
        self.codeHash = codeHash
    }
}

/// One level of foreach nesting a task sits in, outermost first in a stack.
public struct ForeachFrame: Codable, Hashable, Sendable {
    /// The step that fanned out.
    public var step: String
    /// The artifact it fanned out over.
    public var artifact: String
    /// This task's item.
    public var index: Int
    /// How many items there were.
    public var count: Int

    public init(step: String, artifact: String, index: Int, count: Int) {
        self.step = step
        self.artifact = artifact
        self.index = index
        self.count = count
    }
}

/// What is known of a task when it is created.
public struct NewTask: Sendable, Equatable {
    public var run: RunID
    public var step: String
    /// The tasks whose output this one reads: one, or for a join each joined task in order.
    public var parents: [TaskID]
    public var foreachStack: [ForeachFrame]
    /// For a task cloned by resume: the task of the origin run it copies.
    public var originTaskID: TaskID?

    public init(run: RunID, step: String, parents: [TaskID], foreachStack: [ForeachFrame] = [], originTaskID: TaskID? = nil) {
        self.run = run
        self.step = step
        self.parents = parents
        self.foreachStack = foreachStack
        self.originTaskID = originTaskID
    }
}

/// One artifact visible in a task: a name bound to an object in the store.
public struct ArtifactRecord: Codable, Hashable, Sendable {
    public var name: String
    /// SHA-256 of the object's bytes, lowercase hex: its name in `objects/`.
    public var object: String
    /// `scalar`, `vector`, `json`, `table`, `pickle` or `rds` (docs/formats.md).
    public var kind: String
    /// The language that wrote it.
    public var language: String
    /// The writing language's own type name, for display.
    public var typeName: String
    public var size: Int64

    public init(name: String, object: String, kind: String, language: String, typeName: String, size: Int64) {
        self.name = name
        self.object = object
        self.kind = kind
        self.language = language
        self.typeName = typeName
        self.size = size
    }
}

/// The start of one attempt of a task.
public struct AttemptStart: Sendable, Equatable {
    public var run: RunID
    public var task: TaskID
    /// 0 for the first attempt, then 1, 2, ... for retries.
    public var attempt: Int
    public var startedAt: Date
    public var pid: Int32?
    public var stdoutPath: String
    public var stderrPath: String

    public init(run: RunID, task: TaskID, attempt: Int, startedAt: Date, pid: Int32?, stdoutPath: String, stderrPath: String) {
        self.run = run
        self.task = task
        self.attempt = attempt
        self.startedAt = startedAt
        self.pid = pid
        self.stdoutPath = stdoutPath
        self.stderrPath = stderrPath
    }
}

/// The end of one attempt of a task.
public struct AttemptEnd: Sendable, Equatable {
    public var run: RunID
    public var task: TaskID
    public var attempt: Int
    /// succeeded, failed or cancelled.
    public var status: TaskStatus
    public var finishedAt: Date
    /// The worker's exit status, when it exited.
    public var exitStatus: Int32?
    /// The signal that ended the worker, when one did.
    public var signal: Int32?
    public var failure: TaskFailure?
    /// Whether another attempt follows (the task stays running).
    public var willRetry: Bool
    /// The attempt failed for good but the step's `@catch` caught it: the
    /// attempt is recorded failed, the task succeeded, with `artifacts` and `nextSteps`.
    public var caught: Bool
    /// The task's whole namespace after a successful attempt: inherited and set.
    public var artifacts: [ArtifactRecord]
    /// The steps the task transitioned to, and for a foreach the item count.
    public var nextSteps: [String]
    public var foreachCount: Int?

    public init(run: RunID, task: TaskID, attempt: Int, status: TaskStatus, finishedAt: Date,
                exitStatus: Int32? = nil, signal: Int32? = nil, failure: TaskFailure? = nil, willRetry: Bool = false,
                artifacts: [ArtifactRecord] = [], nextSteps: [String] = [], foreachCount: Int? = nil, caught: Bool = false) {
        self.run = run
        self.task = task
        self.attempt = attempt
        self.status = status
        self.finishedAt = finishedAt
        self.exitStatus = exitStatus
        self.signal = signal
        self.failure = failure
        self.willRetry = willRetry
        self.artifacts = artifacts
        self.nextSteps = nextSteps
        self.foreachCount = foreachCount
        self.caught = caught
    }
}

/// How a run was triggered, recorded with it (docs/triggers.md).
public struct RunTrigger: Sendable, Equatable {
    /// `event`, `run_finished`, `schedule`, `manual` or `local`.
    public var type: String
    /// The events that started it, in condition order.
    public var eventIDs: [Int64]
    /// The deployment version it runs, for runs of deployments.
    public var deploymentVersion: Int64?
    /// Why it failed before any task (a parameter that did not convert).
    public var note: String?
    /// The deepest triggering event's depth.
    public var depth: Int

    public init(type: String, eventIDs: [Int64], deploymentVersion: Int64? = nil, note: String? = nil, depth: Int = 0) {
        self.type = type
        self.eventIDs = eventIDs
        self.deploymentVersion = deploymentVersion
        self.note = note
        self.depth = depth
    }
}

extension RunJournal {
    /// Journals that never run queued runs (test doubles) need not support it.
    public func startQueuedRun(_ run: RunID, at: Date) throws {
        throw MetadataError(.invalidArgument, "this journal cannot run queued runs")
    }
}
