/// A location another tool writes, which the trigger service watches for new
/// versions of a table (docs/tables.md, "Watched locations").
///
/// `state` is what the service has seen there, kept in the store next to the
/// watch and changed in the transaction that records a landing, so a restart
/// (or a `kill -9` between seeing a commit and recording it) neither loses
/// nor repeats one. Its shape depends on the kind: ``DeltaWatchState``,
/// ``MarkerWatchState``, ``FileWatchState``. An empty object means the
/// service has not looked yet (see ``TableWatch/isFirstLook``).
public struct TableWatch: Sendable, Equatable {
    /// What a watched location is.
    public enum Kind: String, Sendable, CaseIterable {
        /// A Delta Lake table directory: each `_delta_log/NNNNNNNNNNNNNNNNNNNN.json` commit is a version.
        case delta
        /// A directory where a writer drops `_SUCCESS` when a batch (a partition) is complete.
        case marker
        /// One file replaced by an atomic rename.
        case file
    }

    public var name: String
    /// Absolute.
    public var path: String
    public var kind: Kind
    public var state: JSONValue
    /// When this watch (this path and kind) was made: with them, which watch a scan was for.
    public var createdAt: Int64

    public init(name: String, path: String, kind: Kind, state: JSONValue = .object([:]), createdAt: Int64) {
        self.name = name
        self.path = path
        self.kind = kind
        self.state = state
        self.createdAt = createdAt
    }

    /// The service has not looked at the location yet: the first look takes
    /// what is there as one version (the latest commit, the newest marker, the
    /// file) rather than replaying its history.
    public var isFirstLook: Bool { state.objectValue?.isEmpty ?? true }
}

/// What recording a scan's step did.
public enum WatchRecording: Sendable, Equatable {
    /// Recorded: the landing (nil when only the state changed) and the watch as it now is.
    case recorded(TableLanding?, TableWatch)
    /// The watch changed since the scan read it (replaced, removed, or another
    /// service recorded first): nothing was recorded; look again.
    case stale
}

extension TableVersionRecord {
    /// The commit a watched location's version came from, for messages: `Delta commit 7`,
    /// `marker day=2026-12-07/_SUCCESS`, `file content 1f2e3d4c5b6a`.
    public var commitDescription: String {
        let commit = self.commit ?? "-"
        switch TableWatch.Kind(rawValue: how) {
        case .delta: return "Delta commit \(commit)"
        case .marker: return "marker \(commit)"
        case .file: return "file content \(commit)"
        case nil: return how
        }
    }

    /// `1 row`, `5 rows`.
    public var rowsDescription: String { rows == 1 ? "1 row" : "\(rows) rows" }
}
