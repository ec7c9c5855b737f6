/// What one look at a watched location did.
public struct WatchScanReport: Sendable {
    /// The versions it landed, oldest first.
    public var landed: [TableVersionRecord] = []
    /// The problem that stopped it (the location is gone or unreadable, a
    /// commit is not JSON, a file cannot be read), nil when there was none.
    public var problem: WatchProblem?
    /// Lines worth logging that stop nothing.
    public var notes: [String] = []
    /// The directories to watch with inotify, as the look found them.
    public var directories: [String] = []
    /// The watch changed under the scan (replaced, removed, or another service recorded first).
    public var isStale = false

    public init() {}
}

/// Something about a watched location that keeps a version from landing; the
/// service logs it once, not at every look.
public struct WatchProblem: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The location (or the watched file) is gone, or cannot be read.
        case unavailable
        /// What is there cannot be recorded (a commit that is not JSON, a file that is not Arrow).
        case unrecordable
    }

    public var kind: Kind
    /// The same problem seen again has the same key (so it is logged once).
    public var key: String
    public var message: String

    public init(_ kind: Kind, key: String, message: String) {
        self.kind = kind
        self.key = key
        self.message = message
    }
}
