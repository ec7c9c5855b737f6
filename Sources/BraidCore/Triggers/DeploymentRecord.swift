public import Foundation

/// A deployment: a flow's current deployed version and the trigger service's place in its conditions.
public struct DeploymentRecord: Sendable, Equatable {
    public var flow: String
    public var version: Int64
    /// False once undeployed.
    public var active: Bool
    public var maxConcurrent: Int
    /// The last event id its conditions have considered.
    public var eventCursor: Int64
    /// The last schedule tick handled.
    public var scheduleCursor: Date?
    /// The deployed spec, its files pointing into ``codeDirectory``.
    public var specJSON: String
    public var codeHash: String?
    /// Where the code package was extracted.
    public var codeDirectory: String
    /// Variables given to its runs' engines (the deploying client's `PYTHONPATH`).
    public var environment: [String: String]
    /// Who deployed it; its runs are theirs.
    public var user: String
    /// When this version was deployed.
    public var deployedAt: Date

    /// The deployed spec, decoded.
    public var spec: FlowSpec {
        get throws { try FlowSpec.decode(json: specJSON) }
    }
}

/// What `deploy` stores.
public struct NewDeployment: Sendable, Equatable {
    public var spec: FlowSpec
    public var codeHash: String?
    public var codeDirectory: String
    public var environment: [String: String]
    public var user: String

    public init(spec: FlowSpec, codeHash: String?, codeDirectory: String, environment: [String: String], user: String) {
        self.spec = spec
        self.codeHash = codeHash
        self.codeDirectory = codeDirectory
        self.environment = environment
        self.user = user
    }
}

/// A line of `braid deployments`: the deployment and its newest run.
public struct DeploymentSummary: Sendable, Equatable {
    public var deployment: DeploymentRecord
    public var lastRunID: RunID?
    public var lastRunStatus: RunStatus?
    public var pendingRuns: Int
    public var runningRuns: Int
}
