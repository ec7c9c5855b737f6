import BraidCore
import Foundation

/// `run --trigger-event NAME --payload JSON`: a run from the working
/// directory, now, as if that event had arrived (docs/triggers.md). The event
/// is recorded (so it has an id and a time) but dispatches to no deployment.
enum LocalTrigger {
    /// Records the event and fills the request's parameters and trigger.
    /// Parameters: given on the command line, then the payload (by the flow's
    /// mapping for that event name, else by key), then defaults.
    static func apply(event name: String, payload: String?, spec: FlowSpec, to request: inout RunRequest,
                      store: MetadataStore) throws {
        let fields: [String: JSONValue]
        let event: EventRecord
        do {
            fields = try payload.map(readPayload).map(EventNames.parsePayload) ?? [:]
            event = try store.publish(NewEvent(name: name, payload: fields, publisher: request.user, dispatch: false))
        } catch let error as EventError {
            throw CommandFailure("--trigger-event \(name): \(error)")
        }
        let condition = TriggerCondition.conditions(of: spec).first { $0.eventNames.contains(name) }
        let mapping = condition?.mappings[name] ?? nil
        do {
            request.parameters = try ParameterFill.values(spec: spec, events: [(event, mapping)],
                                                          fillsParameters: condition.map { $0.kind == .event } ?? true,
                                                          given: request.parameters)
        } catch {
            throw CommandFailure("--trigger-event \(name): \(error)")
        }
        request.trigger = RunTrigger(type: "local", eventIDs: [event.id])
        request.triggerJSON = .object(["type": .string("local"), "events": .array([event.triggerJSON])])
    }
}
