import Foundation

/// A line the engine sends a worker on fd 3 (docs/protocol.md), one case per `"type"`.
public enum EngineMessage: Equatable, Sendable {
    /// Run one task.
    case task(TaskMessage)
    /// Finish up and exit 0 (closing fd 3 means the same).
    case shutdown

    /// The wire name of the message's type.
    public var type: String {
        switch self {
        case .task: "task"
        case .shutdown: "shutdown"
        }
    }
}

/// What a worker needs to run one task attempt.
///
/// Nulls the protocol shows (`foreach`, `inputs`) are written as JSON `null`
/// rather than left out, so every key of the document is always present.
public struct TaskMessage: Codable, Equatable, Sendable {
    /// The flow's name.
    public var flow: String
    /// The run's id (`run_id`), as text.
    public var runID: String
    /// The step the task runs.
    public var step: String
    /// The task's id (`task_id`), as text.
    public var taskID: String
    /// 0 for the first attempt, then 1, 2, ... for retries.
    public var attempt: Int
    /// `FLOW/RUN/STEP/TASK`.
    public var pathspec: String
    /// The file the worker loads (absolute).
    public var file: String
    /// The function (or flow method) the worker calls.
    public var function: String
    /// Whether the step takes `inputs`.
    public var join: Bool
    /// Parameter values by name.
    public var parameters: [String: JSONValue]
    /// Every artifact visible to the task, by name.
    public var artifacts: [String: ArtifactReference]
    /// Null outside a foreach.
    public var foreach: ForeachContext?
    /// For a join: one entry per incoming task, in branch or item order; else null.
    public var inputs: [JoinInput]?
    /// The directory the worker writes artifact files into (it exists).
    public var spool: String
    /// Who started the run.
    public var username: String
    /// How many attempts came before this one (`retry_count`).
    public var retryCount: Int
    /// The transition the spec declares, so a step whose body is a plain
    /// function (an R step of a Python flow, a Python step of an R flow) can
    /// report it; null for `end`.
    public var next: DeclaredTransition?
    /// What triggered the run (docs/triggers.md), absent for a run started by hand.
    public var trigger: JSONValue?

    /// Creates a task message.
    public init(flow: String, runID: String, step: String, taskID: String, attempt: Int, pathspec: String,
                file: String, function: String, join: Bool, parameters: [String: JSONValue],
                artifacts: [String: ArtifactReference], foreach: ForeachContext?, inputs: [JoinInput]?,
                spool: String, username: String, retryCount: Int, next: DeclaredTransition? = nil, trigger: JSONValue? = nil) {
        self.trigger = trigger
        self.flow = flow
        self.runID = runID
        self.step = step
        self.taskID = taskID
        self.attempt = attempt
        self.pathspec = pathspec
        self.file = file
        self.function = function
        self.join = join
        self.parameters = parameters
        self.artifacts = artifacts
        self.foreach = foreach
        self.inputs = inputs
        self.spool = spool
        self.username = username
        self.retryCount = retryCount
        self.next = next
    }

    enum CodingKeys: String, CodingKey {
        case flow, runID = "run_id", step, taskID = "task_id", attempt, pathspec, file, function, join
        case parameters, artifacts, foreach, inputs, spool, username, retryCount = "retry_count", next, trigger
    }

    /// Writes every key, with `null` for an absent `foreach` or `inputs`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(flow, forKey: .flow)
        try c.encode(runID, forKey: .runID)
        try c.encode(step, forKey: .step)
        try c.encode(taskID, forKey: .taskID)
        try c.encode(attempt, forKey: .attempt)
        try c.encode(pathspec, forKey: .pathspec)
        try c.encode(file, forKey: .file)
        try c.encode(function, forKey: .function)
        try c.encode(join, forKey: .join)
        try c.encode(parameters, forKey: .parameters)
        try c.encode(artifacts, forKey: .artifacts)
        try c.encode(foreach, forKey: .foreach)  // Optional.encode writes null
        try c.encode(inputs, forKey: .inputs)
        try c.encode(spool, forKey: .spool)
        try c.encode(username, forKey: .username)
        try c.encode(retryCount, forKey: .retryCount)
        try c.encode(next, forKey: .next)
        try c.encodeIfPresent(trigger, forKey: .trigger)
    }
}

/// A step's transition as the spec declares it: the steps it goes to, and the
/// artifact it fans out over for a foreach.
public struct DeclaredTransition: Codable, Hashable, Sendable {
    public var steps: [String]
    public var foreach: String?

    public init(steps: [String], foreach: String?) {
        self.steps = steps
        self.foreach = foreach
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(steps, forKey: .steps)
        try c.encode(foreach, forKey: .foreach)  // null when not a foreach
    }

    enum CodingKeys: String, CodingKey { case steps, foreach }
}

/// Where an artifact's object lives and how to read it.
public struct ArtifactReference: Codable, Hashable, Sendable {
    /// Absolute path of the Arrow IPC file in the object store.
    public var path: String
    /// `scalar`, `vector`, `json`, `table`, `pickle` or `rds`.
    public var kind: String
    /// The language that wrote it.
    public var language: String

    /// Creates a reference.
    public init(path: String, kind: String, language: String) {
        self.path = path
        self.kind = kind
        self.language = language
    }
}

/// A task's place in the foreach it runs in.
public struct ForeachContext: Codable, Hashable, Sendable {
    /// The artifact `self.input` is an item of.
    public var artifact: String
    /// The item's index (`self.index`).
    public var index: Int
    /// One entry per enclosing foreach, outermost first.
    public var stack: [ForeachFrame]

    /// Creates a foreach context.
    public init(artifact: String, index: Int, stack: [ForeachFrame]) {
        self.artifact = artifact
        self.index = index
        self.stack = stack
    }
}

/// One incoming task of a join.
public struct JoinInput: Codable, Hashable, Sendable {
    /// The incoming task's step.
    public var step: String
    /// The incoming task's id, as text.
    public var taskID: String
    /// The incoming task's `FLOW/RUN/STEP/TASK`.
    public var pathspec: String
    /// The input's position: its branch's place in the split's `next`, or its foreach item index.
    public var index: Int
    /// The incoming task's whole namespace.
    public var artifacts: [String: ArtifactReference]

    /// Creates a join input.
    public init(step: String, taskID: String, pathspec: String, index: Int, artifacts: [String: ArtifactReference]) {
        self.step = step
        self.taskID = taskID
        self.pathspec = pathspec
        self.index = index
        self.artifacts = artifacts
    }

    enum CodingKeys: String, CodingKey {
        case step, taskID = "task_id", pathspec, index, artifacts
    }
}

// MARK: - Codable and lines

extension EngineMessage: Codable {
    private enum TypeKey: String, CodingKey { case type }

    /// Decodes a message by its `type`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: TypeKey.self)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "task": self = .task(try TaskMessage(from: decoder))
        case "shutdown": self = .shutdown
        default: throw FieldProblem("unknown message type '\(type)'")
        }
    }

    /// Encodes `type` and the message's fields side by side.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: TypeKey.self)
        try c.encode(type, forKey: .type)
        if case .task(let task) = self { try task.encode(to: encoder) }
    }

    /// The message as one protocol line, `\n` included.
    ///
    /// - Throws: ``ProtocolError`` when the line would pass the 16 MiB limit
    ///   (a namespace so large the worker would have to refuse it anyway).
    public func encodedLine() throws(ProtocolError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let data: Data
        do {
            data = try encoder.encode(self)
        } catch {
            throw ProtocolError(excerpt: type, reason: "the engine could not encode the message: \(error)")
        }
        guard data.count <= ProtocolVersion.maxEngineLineBytes else {
            throw ProtocolError(line: data.prefix(ProtocolError.maxExcerptBytes),
                                reason: "the \(type) line is longer than the \(ProtocolVersion.maxEngineLineBytes.byteCountText) limit")
        }
        var line = [UInt8](data)
        line.append(0x0A)
        return line
    }
}
