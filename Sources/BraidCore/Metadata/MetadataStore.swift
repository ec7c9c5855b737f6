public import Foundation

/// The store's run metadata in SQLite (`braid.db`): the engine's `RunJournal`,
/// and the read API behind `braid runs`, `braid show` and the clients.
///
/// Every `RunJournal` call is one write transaction, so a crash between two
/// calls leaves a consistent store, and a crash during one leaves the store as
/// it was before it. Several `MetadataStore`s, in one process or in several
/// engine processes, may share one file: writers take turns through SQLite's
/// write lock (`BEGIN IMMEDIATE`, the busy timeout and `BusyRetryPolicy`), and
/// readers see a consistent snapshot without waiting (WAL).
///
/// One instance is safe to use from several threads: it holds one connection
/// and a lock around each transaction. For parallel reads, open another instance.
///
/// ```swift
/// let store = try MetadataStore(layout: .fromEnvironment())
/// let run = try store.createRun(NewRun(flow: "PricingFlow", specJSON: spec, parameters: [:], user: "ana"))
/// ```
public final class MetadataStore: RunJournal, @unchecked Sendable {
    // @unchecked Sendable: the only mutable state is the connection (and its
    // statement cache), touched only while `lock` is held.

    /// How the store's connection behaves.
    public struct Configuration: Sendable {
        /// How long one statement waits for another connection's lock.
        public var busyTimeout: Duration
        /// What happens when the wait runs out.
        public var retry: BusyRetryPolicy
        /// Whether each commit waits for the disk (`synchronous=FULL`), so that
        /// not even a power cut can undo it. Off by default: see
        /// `SQLiteConnection.configureForStore`.
        public var fullSync: Bool
        /// The clock for times the journal records do not carry (task creation).
        public var now: @Sendable () -> Date

        /// The defaults: 5 s busy timeout, `BusyRetryPolicy()`, synchronous=NORMAL, the system clock.
        public init(busyTimeout: Duration = .seconds(5), retry: BusyRetryPolicy = BusyRetryPolicy(),
                    fullSync: Bool = false, now: @escaping @Sendable () -> Date = { Date() }) {
            self.busyTimeout = busyTimeout
            self.retry = retry
            self.fullSync = fullSync
            self.now = now
        }
    }

    /// The database file.
    public let path: String
    let configuration: Configuration
    private let connection: SQLiteConnection
    private let lock = NSLock()

    /// Opens the metadata database at `path`, creating and migrating it as needed.
    ///
    /// - Throws: `SQLiteError` when the file cannot be opened or set up;
    ///   `MetadataError` when it was written by a newer engine.
    public init(path: String, configuration: Configuration = Configuration()) throws {
        self.path = path
        self.configuration = configuration
        connection = try SQLiteConnection(path: path, busyTimeout: configuration.busyTimeout)
        try connection.configureForStore(fullSync: configuration.fullSync, retry: configuration.retry)
        try Migrations.migrate(connection, retry: configuration.retry)
    }

    /// Opens the store's `braid.db`, creating the store's directories first.
    public convenience init(layout: StoreLayout, configuration: Configuration = Configuration()) throws {
        try layout.createDirectories()
        try self.init(path: layout.databasePath, configuration: configuration)
    }

    /// The schema version of the open database (`PRAGMA user_version`).
    public var schemaVersion: Int64 {
        get throws { try read { try $0.scalarInt64("PRAGMA user_version") ?? 0 } }
    }

    // MARK: - Transactions

    /// Runs `body` in one write transaction on this store's connection.
    func write<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try connection.write(retry: configuration.retry) { try body(connection) }
    }

    /// Runs `body` in one read transaction: all its queries see one snapshot.
    func read<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try connection.read(retry: configuration.retry) { try body(connection) }
    }
}
