public import Foundation

extension MetadataStore {
    /// Records an event; once this returns, the event is committed.
    ///
    /// An event published from a task (``NewEvent/source``) is one deeper
    /// than the run of that task, which bounds trigger loops.
    /// - Throws: ``EventError`` for a name or payload that is not allowed
    ///   (nothing is written); `SQLiteError` when the store cannot be written.
    @discardableResult
    public func publish(_ event: NewEvent, at date: Date = Date(), allowReservedName: Bool = false) throws -> EventRecord {
        if let problem = EventNames.problem(with: event.name, allowReserved: allowReservedName) { throw EventError(problem) }
        let payloadText = JSONValue.object(event.payload).jsonText
        guard payloadText.utf8.count <= EventNames.maxPayloadBytes else {
            throw EventError("the payload is \(payloadText.utf8.count) bytes as JSON; at most \(EventNames.maxPayloadBytes) (1 MB) are allowed")
        }
        return try write { db in try Self.insertEvent(event, payloadText: payloadText, at: date, db) }
    }

    /// Inserts an event inside the caller's transaction.
    static func insertEvent(_ event: NewEvent, payloadText: String? = nil, at date: Date, depth knownDepth: Int? = nil,
                            _ db: SQLiteConnection) throws -> EventRecord {
        var depth = knownDepth ?? 0
        if knownDepth == nil, let source = event.source, let run = Self.runID(inPathspec: source) {
            depth = (try db.scalarInt64("SELECT trigger_depth FROM runs WHERE id = ?", run)).map { Int($0) + 1 } ?? 0
        }
        let milliseconds = StoredTime.milliseconds(date)
        try db.cachedStatement("""
            INSERT INTO events (name, payload_json, published_at, publisher, source, depth, dispatch) VALUES (?, ?, ?, ?, ?, ?, ?)
            """).execute([event.name, payloadText ?? JSONValue.object(event.payload).jsonText, milliseconds, event.publisher,
                          event.source, Int64(depth), event.dispatch ? Int64(1) : Int64(0)])
        return EventRecord(id: db.lastInsertRowID, name: event.name, payload: event.payload, publishedAt: StoredTime.date(milliseconds),
                           publisher: event.publisher, source: event.source, depth: depth, dispatch: event.dispatch)
    }

    /// Events, newest first, optionally of one name.
    public func events(name: String? = nil, limit: Int = 100) throws -> [EventRecord] {
        let filter = name == nil ? "" : " WHERE name = ?"
        let values: [any SQLiteBindable] = (name.map { [$0] } ?? []) + [Int64(max(0, limit))]
        return try read { db in
            try db.cachedStatement(Self.eventColumns + filter + " ORDER BY id DESC LIMIT ?").rows(values) { try Self.event(row: $0) }
        }
    }

    /// The events that started a run, in condition order (empty for a run started by hand).
    public func triggerEvents(run: RunID) throws -> [EventRecord] {
        try read { db in try Self.triggerEvents(run: run, db) }
    }

    static func triggerEvents(run: RunID, _ db: SQLiteConnection) throws -> [EventRecord] {
        try db.cachedStatement("""
            SELECT e.id, e.name, e.payload_json, e.published_at, e.publisher, e.source, e.depth, e.dispatch
            FROM run_triggers t JOIN events e ON e.id = t.event WHERE t.run = ? ORDER BY t.position
            """).rows([run]) { try Self.event(row: $0) }
    }

    /// The `"trigger"` object of a run for workers and clients (docs/triggers.md), or nil for a run started by hand.
    public func triggerJSON(run: RunID) throws -> JSONValue? {
        try read { db in
            guard let type = try db.scalarString("SELECT trigger_type FROM runs WHERE id = ?", run) else { return nil }
            let events = try Self.triggerEvents(run: run, db)
            return .object(["type": .string(type), "events": .array(events.map(\.triggerJSON))])
        }
    }

    static let eventColumns = "SELECT id, name, payload_json, published_at, publisher, source, depth, dispatch FROM events"

    static func event(row: SQLiteRow) throws -> EventRecord {
        let payloadText = try row.string(2)
        let payload = (try? JSONValue.parse(payloadText))?.objectValue ?? [:]
        return EventRecord(id: try row.int64(0), name: try row.string(1), payload: payload,
                           publishedAt: StoredTime.date(try row.int64(3)), publisher: try row.string(4),
                           source: try row.optionalString(5), depth: try row.int(6), dispatch: try row.bool(7))
    }

    /// The run id of `FLOW/RUN[/...]`.
    static func runID(inPathspec pathspec: String) -> RunID? {
        let parts = pathspec.split(separator: "/")
        return parts.count >= 2 ? RunID(parts[1]) : nil
    }
}

/// How a run was triggered, for `braid show` and the clients.
public struct RunTriggerInfo: Sendable, Equatable {
    public var type: String
    public var events: [EventRecord]
    /// Why it failed before any task, if it did.
    public var note: String?
    public var deploymentVersion: Int64?

    /// The `"trigger"` object of docs/triggers.md.
    public var json: JSONValue { .object(["type": .string(type), "events": .array(events.map(\.triggerJSON))]) }
}

extension MetadataStore {
    /// What triggered the run, or nil for a run started by hand.
    public func runTrigger(run: RunID) throws -> RunTriggerInfo? {
        try read { db in
            guard let (type, note, version) = try db.cachedStatement("SELECT trigger_type, note, deployment_version FROM runs WHERE id = ?")
                .firstRow([run], { (try $0.optionalString(0), try $0.optionalString(1), try $0.optionalInt64(2)) }),
                let type else { return nil }
            return RunTriggerInfo(type: type, events: try Self.triggerEvents(run: run, db), note: note, deploymentVersion: version)
        }
    }

    /// Marks a queued run failed before it started, with why; a run no longer pending is left alone.
    public func failQueuedRun(_ run: RunID, note: String, at date: Date = Date()) throws {
        try write { db in
            try db.execute("UPDATE runs SET status = 'failed', finished_at = ?, note = ? WHERE id = ? AND status = 'pending'",
                           StoredTime.milliseconds(date), note, run)
        }
    }
}
