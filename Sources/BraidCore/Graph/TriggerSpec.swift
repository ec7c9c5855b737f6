/// One condition that starts runs of a deployed flow: a `@trigger`,
/// `@trigger_on_finish` or `@schedule` decorator (docs/triggers.md).
///
/// The spec carries what the client wrote; ``TriggerRule`` checks it, and
/// ``TriggerCondition`` is the checked form the trigger service matches.
public struct TriggerSpec: Codable, Sendable, Equatable {
    /// The kinds of condition.
    public enum Kind: String, Sendable, CaseIterable {
        /// Every listed event has arrived (`@trigger`).
        case event
        /// A run of every listed flow has succeeded (`@trigger_on_finish`).
        case runFinished = "run_finished"
        /// A cron schedule ticked (`@schedule`).
        case schedule
        /// A new version of every listed table landed (`@trigger(table=...)`).
        case table
    }

    /// One event of an `event` condition and how its payload fills parameters.
    public struct EventMatch: Codable, Sendable, Equatable {
        /// The event name.
        public var name: String
        /// Parameter name -> payload field; nil fills parameters whose names are payload keys.
        public var parameters: [String: String]?

        public init(name: String, parameters: [String: String]? = nil) {
            self.name = name
            self.parameters = parameters
        }
    }

    /// `event`, `run_finished` or `schedule` as the client wrote it (checked by ``TriggerRule``).
    public var kind: String
    /// For `event`: the events, all of which must arrive.
    public var events: [EventMatch]?
    /// For `run_finished`: the upstream flows, a run of each of which must succeed.
    public var flows: [String]?
    /// For `table`: the tables, a new version of each of which must land.
    public var tables: [String]?
    /// For `schedule`: five cron fields.
    public var cron: String?
    /// For `schedule`: an IANA time zone name; nil means UTC.
    public var timezone: String?
    /// At most this many runs of the deployment at once.
    public var maxConcurrent: Int?
    /// The decorator's line, when known.
    public var line: Int?

    public init(kind: Kind, events: [EventMatch]? = nil, flows: [String]? = nil, tables: [String]? = nil, cron: String? = nil,
                timezone: String? = nil, maxConcurrent: Int? = nil, line: Int? = nil) {
        self.kind = kind.rawValue
        self.tables = tables
        self.events = events
        self.flows = flows
        self.cron = cron
        self.timezone = timezone
        self.maxConcurrent = maxConcurrent
        self.line = line
    }

    enum CodingKeys: String, CodingKey {
        case kind, events, flows, tables, cron, timezone, line
        case maxConcurrent = "max_concurrent"
    }

    /// The checked kind, or nil for one Braid does not know.
    public var knownKind: Kind? { Kind(rawValue: kind) }

    /// How the decorator reads in a message, in the flow's language: `@trigger` in Python, `trigger()` in R.
    public func decoratorName(language: String = "python") -> String {
        let name: String
        switch knownKind {
        case .event, .table: name = "trigger"
        case .runFinished: name = "trigger_on_finish"
        case .schedule: name = "schedule"
        case nil: return "trigger '\(kind)'"
        }
        return language == "r" ? "\(name)()" : "@\(name)"
    }
}
