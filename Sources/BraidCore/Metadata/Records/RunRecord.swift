public import Foundation

/// A run as the store holds it: what `braid runs`, `braid show` and the
/// clients' `Run` objects display.
public struct RunRecord: Codable, Sendable, Hashable, Identifiable {
    /// The run id, unique in the store and never reused.
    public var id: RunID
    /// The flow's name.
    public var flow: String
    /// pending, running, or how it ended.
    public var status: RunStatus
    /// Who started it.
    public var user: String
    /// The flow spec the client sent (JSON text).
    public var specJSON: String
    /// The parameter values the run used, by name.
    public var parameters: [String: JSONValue]
    /// The run this one resumed, if any.
    public var originRunID: RunID?
    /// When the engine recorded it.
    public var createdAt: Date
    /// When it started running.
    public var startedAt: Date?
    /// When it ended.
    public var finishedAt: Date?
    /// Tags a person added or removed, sorted.
    public var userTags: [String]
    /// Tags the engine set when the run was created, sorted; they never change.
    public var systemTags: [String]
    /// The SHA-256 of the run's code package in `code/`, if one was made.
    public var codeHash: String?

    /// Creates a record; the store makes these when reading.
    public init(id: RunID, flow: String, status: RunStatus, user: String, specJSON: String,
                parameters: [String: JSONValue], originRunID: RunID?, createdAt: Date, startedAt: Date?,
                finishedAt: Date?, userTags: [String], systemTags: [String], codeHash: String? = nil) {
        self.id = id
        self.flow = flow
        self.status = status
        self.user = user
        self.specJSON = specJSON
        self.parameters = parameters
        self.originRunID = originRunID
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.userTags = userTags
        self.systemTags = systemTags
        self.codeHash = codeHash
    }

    /// `FLOW/RUN`, as the clients and `braid show` name it.
    public var pathspec: String { "\(flow)/\(id)" }
}

/// One of a run's tags.
public struct RunTag: Codable, Sendable, Hashable {
    /// The tag's text.
    public var name: String
    /// Set by the engine at creation (`user:ana`, `language:python`); never changes.
    public var isSystem: Bool

    /// Creates a tag.
    public init(name: String, isSystem: Bool) {
        self.name = name
        self.isSystem = isSystem
    }
}

/// A flow the store has runs of.
public struct FlowRecord: Codable, Sendable, Hashable {
    /// The flow's name.
    public var name: String
    /// When its first run was created.
    public var createdAt: Date
    /// Its newest run.
    public var latestRunID: RunID?
    /// How many runs it has.
    public var runCount: Int

    /// Creates a record; the store makes these when reading.
    public init(name: String, createdAt: Date, latestRunID: RunID?, runCount: Int) {
        self.name = name
        self.createdAt = createdAt
        self.latestRunID = latestRunID
        self.runCount = runCount
    }
}
