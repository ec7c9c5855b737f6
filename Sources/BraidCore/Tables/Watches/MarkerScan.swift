/// Which `_SUCCESS` markers under a watched directory are new (pure:
/// the markers found and the watch's state in, the versions to land out).
///
/// Hadoop's and Spark's output committers write `_SUCCESS` into an output
/// directory once every file of the job is in place, so the marker appearing
/// (or being touched again) is the landing; data files without a marker are
/// never a version. Each directory with a marker (the location itself, or a
/// partition directory such as `day=2026-12-07` below it) is one batch; the
/// marker's path relative to the location is the version's commit
/// (`day=2026-12-07/_SUCCESS`; `_SUCCESS` for the location itself), which
/// readers take the partition directory from.
public enum MarkerScan {
    /// The marker's file name.
    public static let markerName = "_SUCCESS"

    /// A marker found: its directory relative to the location, and its modification time.
    public struct Marker: Sendable, Equatable {
        public var directory: String
        /// Nanoseconds since the epoch.
        public var modified: Int64

        public init(directory: String, modified: Int64) {
            self.directory = directory
            self.modified = modified
        }
    }

    /// Directories below a location that are never walked or watched:
    /// writers' scratch space (Spark's `_temporary`) and hidden ones.
    public static func isSkipped(directoryName name: String) -> Bool {
        name.hasPrefix("_") || name.hasPrefix(".")
    }

    /// The commit of a marker in `directory` (relative; `.` for the location itself).
    public static func commit(directory: String) -> String {
        directory == "." ? markerName : directory + "/" + markerName
    }

    /// The markers to land, oldest first (by time, then directory): every
    /// marker whose directory is new, or whose time is later than the one
    /// recorded. On a first look (`state` nil) every marker counts as seen
    /// and only the newest lands (the location as it is is one version).
    /// - Returns: the markers to land and, for a first look, the state that records all found.
    public static func markersToLand(_ found: [Marker], state: MarkerWatchState?) -> (land: [Marker], firstLook: MarkerWatchState?) {
        let ordered = found.sorted { ($0.modified, $0.directory) < ($1.modified, $1.directory) }
        guard let state else {
            let seen = MarkerWatchState(markers: Dictionary(found.map { ($0.directory, $0.modified) }, uniquingKeysWith: max))
            return (ordered.last.map { [$0] } ?? [], seen)
        }
        return (ordered.filter { marker in state.markers[marker.directory].map { $0 < marker.modified } ?? true }, nil)
    }

    /// One entry of a partition directory's listing.
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var modified: Int64
        public var size: Int64

        public init(name: String, modified: Int64, size: Int64) {
            self.name = name
            self.modified = modified
            self.size = size
        }
    }

    /// The fingerprint of a batch: the SHA-256 of its directory and of the
    /// name, time and size of each entry in it, sorted by name (the bytes stay
    /// the writer's; this names what the marker vouched for).
    public static func fingerprint(directory: String, entries: [Entry]) -> String {
        var text = directory + "\n"
        for entry in entries.sorted(by: { $0.name < $1.name }) {
            text += "\(entry.name)\t\(entry.modified)\t\(entry.size)\n"
        }
        return Array(text.utf8).withUnsafeBytes { SHA256.hash($0).hex }
    }
}

/// What a `marker` watch has seen: each marker's directory and the time it had when it landed.
public struct MarkerWatchState: Sendable, Equatable {
    /// Relative directory → modification time (nanoseconds since the epoch).
    public var markers: [String: Int64]

    public init(markers: [String: Int64]) {
        self.markers = markers
    }

    /// Nil for a first look (an empty state).
    public init?(_ json: JSONValue) {
        guard let object = json.objectValue?["markers"]?.objectValue else { return nil }
        markers = object.compactMapValues(\.intValue)
    }

    public var json: JSONValue { .object(["markers": .object(markers.mapValues(JSONValue.int))]) }
}
