/// When a watched file (`--kind file`) is read again, and what its content
/// lands as (pure: the file's identity and content hash in, a decision out).
///
/// A writer replaces the file by renaming a finished one onto its name, so a
/// change of (inode, size, modification time) is the signal to read it; the
/// content hash then decides whether it is a new version (a `touch`, or the
/// same bytes renamed in again, is not).
public enum WatchedFile {
    /// What the engine can do with the file, by its extension.
    public enum Format: String, Sendable, Equatable {
        /// Arrow IPC file or stream, Feather v2: read, checked, copied into the store.
        case arrow
        /// CSV with a header: read (types inferred), stored as Arrow.
        case csv
        /// Parquet: the engine cannot decode it; the version points at the file.
        case parquet
    }

    public static func format(of path: String) -> Format {
        let lowered = path.lowercased()
        if lowered.hasSuffix(".csv") { return .csv }
        if [".parquet", ".parq", ".pq"].contains(where: lowered.hasSuffix) { return .parquet }
        return .arrow
    }

    /// A file's identity as `stat` gives it.
    public struct Identity: Sendable, Equatable {
        public var inode: UInt64
        public var size: Int64
        /// Nanoseconds since the epoch.
        public var modified: Int64

        public init(inode: UInt64, size: Int64, modified: Int64) {
            self.inode = inode
            self.size = size
            self.modified = modified
        }
    }

    /// Whether the file must be read: on a first look, or when its identity changed.
    public static func needsReading(_ identity: Identity, state: FileWatchState?) -> Bool {
        state?.identity != identity
    }

    /// Whether content with `fingerprint` is a new version (otherwise only the state moves on).
    public static func isNewContent(_ fingerprint: String, state: FileWatchState?) -> Bool {
        state?.fingerprint != fingerprint
    }
}

/// What a `file` watch has seen: the file's identity when last read, and the fingerprint of its content then.
public struct FileWatchState: Sendable, Equatable {
    public var identity: WatchedFile.Identity
    public var fingerprint: String

    public init(identity: WatchedFile.Identity, fingerprint: String) {
        self.identity = identity
        self.fingerprint = fingerprint
    }

    /// Nil for a first look (an empty state).
    public init?(_ json: JSONValue) {
        guard let object = json.objectValue, let inode = object["inode"]?.intValue, let size = object["size"]?.intValue,
              let modified = object["mtime_ns"]?.intValue, let fingerprint = object["fingerprint"]?.stringValue else { return nil }
        self.init(identity: WatchedFile.Identity(inode: UInt64(bitPattern: inode), size: size, modified: modified), fingerprint: fingerprint)
    }

    public var json: JSONValue {
        .object(["inode": .int(Int64(bitPattern: identity.inode)), "size": .int(identity.size), "mtime_ns": .int(identity.modified),
                 "fingerprint": .string(fingerprint)])
    }
}
