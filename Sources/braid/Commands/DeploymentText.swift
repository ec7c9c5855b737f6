import BraidCore
import Foundation

/// How deployments read: after `deploy`, and in `braid deployments --json`.
enum DeploymentText {
    /// What `deploy` prints: the version and what will start it.
    static func deployed(_ record: DeploymentRecord, spec: FlowSpec, store: MetadataStore) throws -> String {
        let conditions = TriggerCondition.conditions(of: spec)
        var lines = ["Deployed \(record.flow) version \(record.version) (code \(record.codeHash.map { String($0.prefix(12)) } ?? "-"), "
            + "\(spec.steps.count) steps)."]
        guard !conditions.isEmpty else {
            lines.append("It has no triggers: start it with `braid trigger \(record.flow)`, "
                + "or add @trigger, @trigger_on_finish or @schedule and deploy again.")
            return lines.joined(separator: "\n")
        }
        lines.append("It starts when:")
        for condition in conditions {
            var line = "  - " + condition.summary
            if condition.kind == .runFinished {
                for flow in condition.eventNames.compactMap(EventNames.succeededFlow(of:))
                where try store.latestRun(flow: flow) == nil && store.deployment(flow: flow) == nil {
                    line += "; note: \(flow) has no runs and no deployment yet (it may be deployed later)"
                }
            }
            if condition.kind == .schedule, let cron = try? CronSchedule(condition.cron ?? "", timeZone: condition.timezone),
               let next = cron.nextTick(after: Date()) {
                line += "; next at \(localTime(next, in: cron.timeZone))"
            }
            lines.append(line)
        }
        lines.append("At most \(record.maxConcurrent) run\(record.maxConcurrent == 1 ? "" : "s") at once. "
            + "The trigger service (braid daemon) starts them.")
        return lines.joined(separator: "\n")
    }

    static func json(_ summary: DeploymentSummary) -> JSONValue {
        let deployment = summary.deployment
        let conditions = (try? deployment.spec).map(TriggerCondition.conditions(of:)) ?? []
        return .object([
            "flow": .string(deployment.flow), "version": .int(deployment.version), "active": .bool(deployment.active),
            "max_concurrent": .int(Int64(deployment.maxConcurrent)), "user": .string(deployment.user),
            "code_hash": deployment.codeHash.map(JSONValue.string) ?? .null, "code_directory": .string(deployment.codeDirectory),
            "deployed_at": .string(isoTime(deployment.deployedAt) as? String ?? ""),
            "triggers": .array(conditions.map { .string($0.summary) }),
            "last_run": summary.lastRunID.map { .string("\(deployment.flow)/\($0)") } ?? .null,
            "last_run_status": summary.lastRunStatus.map { .string($0.rawValue) } ?? .null,
            "running": .int(Int64(summary.runningRuns)), "waiting": .int(Int64(summary.pendingRuns)),
        ])
    }

    /// `2026-12-08 10:15:00 +02:00`.
    static func localTime(_ date: Date, in zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss xxx"
        return formatter.string(from: date)
    }
}
