/// Which files of a Delta Lake transaction log are commits, and which of them
/// a watch has not recorded yet (pure: names in, versions out).
///
/// The Delta protocol: "Delta files are stored as JSON in a directory at the
/// root of the table named `_delta_log`, and together with checkpoints make
/// up the log of all changes that have occurred to a table. Delta files are
/// the unit of atomicity for a table, and are named using the next available
/// version number, zero-padded to 20 digits."
/// (https://github.com/delta-io/delta/blob/master/PROTOCOL.md#delta-log-entries)
/// A writer makes the commit file appear whole (rename, or put-if-absent), so
/// its appearing is the landing. Checkpoints (`.checkpoint.parquet`),
/// `_last_checkpoint`, `.crc` files, compacted logs and writers' temporary
/// files are not commits.
public enum DeltaLog {
    /// The log directory of a table directory.
    public static func directory(of table: String) -> String { table + "/_delta_log" }

    /// The version of a commit file's name (`00000000000000000007.json` → 7), nil for any other file.
    public static func commitVersion(fileName name: String) -> Int64? {
        let utf8 = Array(name.utf8)
        guard utf8.count == 25, name.hasSuffix(".json"), utf8[..<20].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int64(name.prefix(20))
    }

    /// `00000000000000000007.json`.
    public static func fileName(version: Int64) -> String {
        let digits = String(version)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits + ".json"
    }

    /// The commits to record, oldest first: every commit after the last one
    /// recorded, or on a first look only the latest (the table as it is is
    /// one version; its history before the watch is not replayed).
    public static func commitsToRecord(in names: [String], state: DeltaWatchState?) -> [Int64] {
        let versions = names.compactMap(commitVersion(fileName:)).sorted()
        guard let state else { return versions.last.map { [$0] } ?? [] }
        return versions.filter { $0 > state.version }
    }
}

/// What a `delta` watch has seen: the last commit recorded and the table's
/// schema as of it (from the latest `metaData` action), kept so that a commit
/// without a `metaData` action (an append) still lands with its schema.
public struct DeltaWatchState: Sendable, Equatable {
    /// The last Delta version recorded; -1 before the first commit.
    public var version: Int64
    /// Our schema (`[{"name", "type", "nullable"}]`), nil when no `metaData` was seen yet.
    public var schema: JSONValue?

    public init(version: Int64, schema: JSONValue?) {
        self.version = version
        self.schema = schema
    }

    /// Nil for a first look (an empty state).
    public init?(_ json: JSONValue) {
        guard let version = json.objectValue?["version"]?.intValue else { return nil }
        self.init(version: version, schema: json.objectValue?["schema"].flatMap { $0 == .null ? nil : $0 })
    }

    public var json: JSONValue { .object(["version": .int(version), "schema": schema ?? .null]) }
}
