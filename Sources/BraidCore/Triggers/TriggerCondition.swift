/// One condition of a deployment in the form the trigger service matches:
/// a set of event names that must all arrive (a `run_finished` condition is
/// the set of its flows' `braid.run.FLOW.succeeded` events), or a schedule.
public struct TriggerCondition: Sendable, Equatable {
    public enum Kind: String, Sendable { case event, runFinished = "run_finished", table, schedule }

    public var kind: Kind
    /// The event names, in the order the user listed them; empty for a schedule.
    public var eventNames: [String]
    /// For each event name, its parameter mapping (nil: by payload key); only `event` conditions fill parameters.
    public var mappings: [String: [String: String]?]
    /// For a schedule.
    public var cron: String?
    public var timezone: String?

    /// Identifies the condition across deployment versions: AND-set progress is kept under it.
    public var key: String {
        switch kind {
        case .schedule: "schedule"
        case .event, .runFinished, .table: "\(kind.rawValue):" + eventNames.sorted().joined(separator: "\u{1F}")
        }
    }

    /// The conditions of a validated spec, in declaration order.
    public static func conditions(of spec: FlowSpec) -> [TriggerCondition] {
        spec.triggers.compactMap { trigger in
            switch trigger.knownKind {
            case .event:
                let events = trigger.events ?? []
                return TriggerCondition(kind: .event, eventNames: events.map(\.name),
                                        mappings: Dictionary(events.map { ($0.name, $0.parameters) }, uniquingKeysWith: { a, _ in a }))
            case .runFinished:
                let names = (trigger.flows ?? []).map { EventNames.runSucceeded(flow: $0) }
                return TriggerCondition(kind: .runFinished, eventNames: names, mappings: [:])
            case .table:
                let names = (trigger.tables ?? []).map(TableNames.landingEvent)
                return TriggerCondition(kind: .table, eventNames: names, mappings: [:])
            case .schedule:
                return TriggerCondition(kind: .schedule, eventNames: [], mappings: [:], cron: trigger.cron, timezone: trigger.timezone)
            case nil:
                return nil
            }
        }
    }

    /// The deployment's limit on runs at once: the one given, else ``defaultMaxConcurrent``.
    public static func maxConcurrent(of spec: FlowSpec) -> Int {
        spec.triggers.compactMap(\.maxConcurrent).first ?? defaultMaxConcurrent
    }

    public static let defaultMaxConcurrent = 4

    /// One line for `deploy` and `braid deployments`.
    public var summary: String {
        switch kind {
        case .event:
            let names = eventNames.map { name -> String in
                guard let mapping = mappings[name] ?? nil, !mapping.isEmpty else { return name }
                return name + " (" + mapping.sorted { $0.key < $1.key }.map { "\($0.key) <- \($0.value)" }.joined(separator: ", ") + ")"
            }
            return names.count == 1 ? "event \(names[0]) arrives" : "events \(names.joined(separator: " and ")) have all arrived"
        case .runFinished:
            let flows = eventNames.compactMap(EventNames.succeededFlow(of:))
            return flows.count == 1 ? "a run of \(flows[0]) succeeds" : "runs of \(flows.joined(separator: " and ")) have all succeeded"
        case .table:
            let tables = eventNames.compactMap(TableNames.table(ofEvent:))
            return tables.count == 1 ? "a new version of table \(tables[0]) lands"
                : "new versions of tables \(tables.joined(separator: " and ")) have all landed"
        case .schedule:
            return "the schedule \(cron ?? "") (\(timezone ?? "UTC")) ticks"
        }
    }
}
