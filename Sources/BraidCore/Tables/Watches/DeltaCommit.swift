/// One Delta commit file's actions, as much as a landing needs: the rows its
/// `add` actions added and the schema of its `metaData` action.
///
/// A commit is newline-delimited JSON, one action per line
/// (https://github.com/delta-io/delta/blob/master/PROTOCOL.md#actions). An
/// `add` action's `stats` is itself JSON text whose `numRecords` is the file's
/// row count ("Per-file Statistics"); stats are optional, so a commit whose
/// adds carry none counts them as 0 rows (``addsWithoutRowCount`` says how
/// many).
public struct DeltaCommit: Sendable, Equatable {
    /// The sum of `numRecords` over the `add` actions that have it.
    public var addedRows: Int64
    /// `add` actions in all.
    public var adds: Int
    /// `add` actions whose stats give no `numRecords`.
    public var addsWithoutRowCount: Int
    /// The `metaData.schemaString` of the commit's last `metaData` action.
    public var schemaString: String?

    /// Parses a commit file's bytes.
    /// - Throws: ``DeltaCommitError`` when a line is not a JSON object (or the file is empty).
    public static func parse(_ bytes: [UInt8]) throws(DeltaCommitError) -> DeltaCommit {
        var commit = DeltaCommit(addedRows: 0, adds: 0, addsWithoutRowCount: 0, schemaString: nil)
        var lines = 0
        for (index, line) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let text = String(decoding: line, as: UTF8.self)
            if text.allSatisfy(\.isWhitespace) { continue }
            lines += 1
            guard let object = (try? JSONValue.parse(text))?.objectValue else {
                throw DeltaCommitError("line \(index + 1) is not a JSON object (\(Self.excerpt(text)))")
            }
            if let add = object["add"]?.objectValue {
                commit.adds += 1
                if let rows = Self.numRecords(add["stats"]) {
                    commit.addedRows += rows
                } else {
                    commit.addsWithoutRowCount += 1
                }
            }
            if let schema = object["metaData"]?.objectValue?["schemaString"]?.stringValue {
                commit.schemaString = schema
            }
        }
        if lines == 0 { throw DeltaCommitError("it is empty") }
        return commit
    }

    /// `numRecords` from an `add` action's `stats` (JSON text, or an object from writers that inline it).
    private static func numRecords(_ stats: JSONValue?) -> Int64? {
        switch stats {
        case .string(let text): return (try? JSONValue.parse(text))?.objectValue?["numRecords"]?.intValue
        case .object(let object): return object["numRecords"]?.intValue
        default: return nil
        }
    }

    private static func excerpt(_ text: String) -> String {
        text.count <= 60 ? "'\(text)'" : "'\(text.prefix(60))...'"
    }
}

/// A Delta commit file that cannot be read as commits are written.
public struct DeltaCommitError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
