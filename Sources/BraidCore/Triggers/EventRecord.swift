public import Foundation

/// An event as the store holds it.
public struct EventRecord: Sendable, Equatable, Codable {
    /// Increasing, never reused.
    public var id: Int64
    public var name: String
    /// A JSON object.
    public var payload: [String: JSONValue]
    public var publishedAt: Date
    /// Who published it.
    public var publisher: String
    /// The task that published it (`FLOW/RUN/STEP/TASK`), if a step did.
    public var source: String?
    /// How many triggered runs lie behind it (docs/triggers.md, Loops).
    public var depth: Int
    /// False for events no deployment matches (`run --trigger-event`, `braid trigger`).
    public var dispatch: Bool

    public init(id: Int64, name: String, payload: [String: JSONValue], publishedAt: Date, publisher: String,
                source: String? = nil, depth: Int = 0, dispatch: Bool = true) {
        self.id = id
        self.name = name
        self.payload = payload
        self.publishedAt = publishedAt
        self.publisher = publisher
        self.source = source
        self.depth = depth
        self.dispatch = dispatch
    }

    /// The upstream run of a `braid.run.FLOW.succeeded` event.
    public var upstreamRun: (flow: String, run: RunID)? {
        guard EventNames.succeededFlow(of: name) != nil, let flow = payload["flow"]?.stringValue,
              let run = payload["run_id"]?.intValue ?? payload["run_id"]?.stringValue.flatMap({ Int64($0) }) else { return nil }
        return (flow, run)
    }

    /// The form workers and clients see (docs/triggers.md): name, id, timestamp (ms), payload, flow, run_id.
    public var triggerJSON: JSONValue {
        let upstream = upstreamRun
        return .object([
            "name": .string(name), "id": .int(id),
            "timestamp": .int(Int64((publishedAt.timeIntervalSince1970 * 1000).rounded())),
            "payload": .object(payload),
            "flow": upstream.map { .string($0.flow) } ?? .null,
            "run_id": upstream.map { .string(String($0.run)) } ?? .null,
        ])
    }
}

/// What a publisher gives: the rest (id, time) the store assigns.
public struct NewEvent: Sendable, Equatable {
    public var name: String
    public var payload: [String: JSONValue]
    public var publisher: String
    public var source: String?
    public var dispatch: Bool

    public init(name: String, payload: [String: JSONValue], publisher: String, source: String? = nil, dispatch: Bool = true) {
        self.name = name
        self.payload = payload
        self.publisher = publisher
        self.source = source
        self.dispatch = dispatch
    }
}
