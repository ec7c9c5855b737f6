import BraidCore
import Foundation

/// "Triggered by ..." in `braid show`.
enum TriggerText {
    static func line(_ trigger: RunTriggerInfo) -> String {
        let events = trigger.events.map(describe).joined(separator: " and ")
        let deployment = trigger.deploymentVersion.map { " (deployment version \($0))" } ?? ""
        switch trigger.type {
        case "schedule": return "Triggered by the schedule: \(events)\(deployment)"
        case "manual": return "Triggered by hand with braid trigger: \(events)\(deployment)"
        case "local": return "Run as if triggered (run --trigger-event): \(events)"
        default: return "Triggered by \(events)\(deployment)"
        }
    }

    /// `event sales_updated #17 at 2026-12-08T10:00:00Z {"day": ...}`, or `run IngestFlow/12 succeeded (event #18)`.
    static func describe(_ event: EventRecord) -> String {
        let time = isoTime(event.publishedAt) as? String ?? "-"
        if let upstream = event.upstreamRun {
            return "run \(upstream.flow)/\(upstream.run) succeeding (event #\(event.id) at \(time))"
        }
        if event.name.hasPrefix("braid.schedule."), let tick = event.payload["tick"]?.stringValue {
            let missed = event.payload["missed"]?.intValue ?? 0
            return "tick \(tick) (event #\(event.id)\(missed > 0 ? ", \(missed) earlier ticks missed" : ""))"
        }
        var payload = JSONValue.object(event.payload).jsonText
        if payload.count > 120 { payload = String(payload.prefix(117)) + "..." }
        return "event \(event.name) #\(event.id) at \(time) \(payload)"
    }
}
