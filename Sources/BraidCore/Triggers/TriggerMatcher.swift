/// Which conditions new events complete: the pure decision at the heart of
/// the trigger service (the claim transaction is its shell).
///
/// A one-event condition fires once per event. An AND condition keeps the
/// latest event of each of its names (``Progress``) and fires when it has
/// them all, then starts over. Events are taken in id order, so firings come
/// out in event order.
public enum TriggerMatcher {
    /// Per condition key, the latest event of each name seen since it last fired.
    public typealias Progress = [String: [String: EventRecord]]

    /// A completed condition and its events, in the condition's name order.
    public struct Firing: Sendable, Equatable {
        public var condition: TriggerCondition
        public var events: [EventRecord]
    }

    /// The firings `events` cause, updating `progress`.
    public static func match(_ events: [EventRecord], conditions: [TriggerCondition], progress: inout Progress) -> [Firing] {
        var byName: [String: [TriggerCondition]] = [:]
        for condition in conditions where condition.kind != .schedule {
            for name in condition.eventNames { byName[name, default: []].append(condition) }
        }
        var firings: [Firing] = []
        for event in events.sorted(by: { $0.id < $1.id }) {
            for condition in byName[event.name] ?? [] {
                var seen = progress[condition.key] ?? [:]
                seen[event.name] = event
                if condition.eventNames.allSatisfy({ seen[$0] != nil }) {
                    firings.append(Firing(condition: condition, events: condition.eventNames.map { seen[$0]! }))
                    progress[condition.key] = nil
                } else {
                    progress[condition.key] = seen
                }
            }
        }
        return firings
    }
}
