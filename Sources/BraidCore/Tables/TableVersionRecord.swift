public import Foundation

/// One version of a table as the store holds it (docs/tables.md).
public struct TableVersionRecord: Sendable, Equatable {
    public var name: String
    public var version: Int64
    public var rows: Int64
    /// `[{"name", "type", "nullable"}]`.
    public var schema: JSONValue
    public var fingerprint: String
    public var landedAt: Date
    /// `put`, `flow`, `delta`, `marker` or `file`.
    public var how: String
    /// The run and task that wrote it, for `flow`.
    public var run: RunID?
    public var task: TaskID?
    /// The stored Arrow file's hash, when the bytes are in the store.
    public var object: String?
    /// For watched locations: where the bytes are, and which commit.
    public var location: String?
    public var commit: String?
    public var schemaChanged: Bool
    /// The landing event.
    public var event: Int64?
}

/// What a landing records; the store assigns the version.
public struct NewTableVersion: Sendable {
    public var name: String
    public var rows: Int64
    public var schema: JSONValue
    public var fingerprint: String
    public var how: String
    /// The task that put it (`FLOW/RUN/STEP/TASK`), for a put from a step.
    public var source: String?
    public var object: (hash: String, size: Int64)?
    public var location: String?
    public var commit: String?
    public var publisher: String

    public init(name: String, rows: Int64, schema: JSONValue, fingerprint: String, how: String, source: String? = nil,
                object: (hash: String, size: Int64)? = nil, location: String? = nil, commit: String? = nil, publisher: String) {
        self.name = name
        self.rows = rows
        self.schema = schema
        self.fingerprint = fingerprint
        self.how = how
        self.source = source
        self.object = object
        self.location = location
        self.commit = commit
        self.publisher = publisher
    }
}

/// What a landing did.
public enum TableLanding: Sendable, Equatable {
    /// A new version, and the event it published.
    case landed(TableVersionRecord)
    /// The content equals the latest version's: nothing recorded.
    case unchanged(TableVersionRecord)
}

/// A table request that cannot be done, said so that the user can fix it.
public struct TableError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A table's summary for `braid table list`.
public struct TableSummary: Sendable {
    public var name: String
    public var versions: Int
    public var latest: TableVersionRecord?
    public var watch: (path: String, kind: String)?
}
