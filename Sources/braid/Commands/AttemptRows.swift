import BraidCore
import Foundation

/// How `braid show` and `braid api get` describe a task's attempts.
enum AttemptReport {
    /// How the attempt's process ended: `exit 0`, `SIGKILL`, or `-` (never started, or still running).
    static func exitText(_ attempt: AttemptRecord) -> String {
        if let signal = attempt.signal { return signalName(signal) }
        if let status = attempt.exitStatus { return "exit \(status)" }
        return "-"
    }

    /// One line about why the attempt failed: the step's own error for a raised
    /// exception (type and first line of the message), else the engine's sentence.
    static func failureText(_ failure: TaskFailure?) -> String {
        guard let failure else { return "" }
        let text: String
        if case let .stepRaised(_, type, message, _, _) = failure {
            text = "\(type): \(message.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")"
        } else {
            text = failure.description
        }
        return text.count > 100 ? String(text.prefix(99)) + "…" : text
    }

    /// Whether `braid show` lists a task's attempts one by one: when there was
    /// more than one (the task's own row tells the only attempt's outcome).
    static func isWorthListing(_ attempts: [AttemptRecord]) -> Bool {
        attempts.count > 1
    }

    /// The table rows under a task's own row: `#N`, status, duration, exit, failure.
    static func rows(_ attempts: [AttemptRecord]) -> [[String]] {
        attempts.map { attempt in
            ["", "#\(attempt.attempt)", attempt.status.rawValue, "", durationText(attempt.startedAt, attempt.finishedAt),
             exitText(attempt), failureText(attempt.failure)]
        }
    }

    /// The JSON form for the clients (docs/client-api.md), fields sorted by key.
    static func json(_ attempt: AttemptRecord) -> APIValue {
        let duration = attempt.finishedAt.map { (($0.timeIntervalSince(attempt.startedAt)) * 1000).rounded() / 1000 }
        let int = { (value: Int32?) in value.map { APIValue.int(Int64($0)) } ?? .null }
        return .object([("attempt", .int(Int64(attempt.attempt))), ("duration", duration.map(APIValue.double) ?? .null),
                        ("exit_status", int(attempt.exitStatus)), ("failure", attempt.failure.map(failureObject) ?? .null),
                        ("finished_at", APIObjects.time(attempt.finishedAt)), ("pid", int(attempt.pid)),
                        ("signal", int(attempt.signal)), ("signal_name", .string(attempt.signal.map { signalName($0) })),
                        ("started_at", APIObjects.time(attempt.startedAt)), ("status", .string(attempt.status.rawValue)),
                        ("stderr_path", .string(attempt.stderrPath)), ("stdout_path", .string(attempt.stdoutPath))])
    }
}
