import BraidCore
import Foundation

/// What the read-only commands share: the store, the namespace, pathspec parsing.
struct QueryContext {
    let layout: StoreLayout
    let store: MetadataStore
    /// nil sees every run; otherwise `user:NAME` or a tag runs must carry.
    let namespace: String?

    init(namespace: String?, all: Bool) throws {
        layout = StoreLayout.fromEnvironment()
        guard FileManager.default.fileExists(atPath: layout.databasePath) else {
            throw CommandFailure("no runs yet: the store \(layout.root) has no metadata (set BRAID_HOME to use another store)")
        }
        store = try MetadataStore(layout: layout)
        self.namespace = all ? nil : (namespace ?? "user:\(currentUser())")
    }

    func isVisible(_ run: RunRecord) -> Bool {
        guard let namespace else { return true }
        if namespace.hasPrefix("user:") { return run.user == namespace.dropFirst(5) }
        return run.userTags.contains(namespace) || run.systemTags.contains(namespace)
    }

    /// The user a `user:NAME` namespace sees, else nil.
    var namespaceUser: String? { namespace.flatMap { $0.hasPrefix("user:") ? String($0.dropFirst(5)) : nil } }

    /// The tag a tag namespace requires, else nil.
    var namespaceTag: String? { namespace.flatMap { $0.hasPrefix("user:") ? nil : $0 } }

    /// A page of a flow's visible runs, newest first; the namespace is a filter of the query itself,
    /// so a page holds `limit` visible runs.
    func runPage(flow: String, tags: [String], before: RunID?, limit: Int) throws -> RunPage {
        try store.runPage(RunPageRequest(flow: flow, user: namespaceUser, tags: tags + [namespaceTag].compactMap { $0 },
                                         before: before, limit: limit))
    }

    func runs(flow: String?) throws -> [RunRecord] {
        // A user namespace is the store's own (indexed) filter; a tag namespace is checked here.
        let user = namespace.flatMap { $0.hasPrefix("user:") ? String($0.dropFirst(5)) : nil }
        return try store.runs(flow: flow, user: user, limit: 1_000_000).filter(isVisible)
    }

    func run(_ flow: String, _ id: String) throws -> RunRecord {
        guard let runID = RunID(id), let run = try store.run(flow: flow, id: runID), isVisible(run) else {
            throw CommandFailure("run \(flow)/\(id) not found\(namespace.map { " in namespace \($0)" } ?? "")")
        }
        return run
    }

    func task(_ run: RunRecord, _ step: String, _ id: String) throws -> TaskRecord {
        guard let taskID = TaskID(id), let task = try store.task(id: taskID), task.run == run.id, task.step == step else {
            throw CommandFailure("task \(run.pathspec)/\(step)/\(id) not found")
        }
        return task
    }
}

/// `FLOW[/RUN[/STEP[/TASK]]]`, split and checked.
func pathspecParts(_ pathspec: String) throws -> [String] {
    let parts = pathspec.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    guard (1...4).contains(parts.count), !parts.contains(where: \.isEmpty) else {
        throw CommandFailure("'\(pathspec)' is not a pathspec: expected FLOW, FLOW/RUN, FLOW/RUN/STEP or FLOW/RUN/STEP/TASK")
    }
    return parts
}

/// ISO 8601 in UTC with milliseconds (`2026-12-08T01:15:58.229Z`), or NSNull for no date.
func isoTime(_ date: Date?) -> Any {
    guard let date else { return NSNull() }
    return isoText(date)
}

/// The text of `isoTime`, computed from the date's milliseconds: `ISO8601DateFormatter` cost ~0.1 ms a call
/// on Linux, which a 4,000-task answer (16,000 times) cannot afford. Stored times are whole milliseconds
/// (`StoredTime`), so rounding gives them back exactly.
func isoText(_ date: Date) -> String {
    let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
    let (days, inDay) = floorDivision(milliseconds, 86_400_000)
    let (year, month, day) = civilDate(days: days)
    var text = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T"
    text += pad(inDay / 3_600_000, 2) + ":" + pad(inDay / 60_000 % 60, 2) + ":" + pad(inDay / 1000 % 60, 2)
    return text + "." + pad(inDay % 1000, 3) + "Z"
}

private func floorDivision(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
    let quotient = value >= 0 ? value / divisor : (value - divisor + 1) / divisor
    return (quotient, value - quotient * divisor)
}

/// Year, month and day of a day count since 1970-01-01 in the proleptic Gregorian calendar
/// (Howard Hinnant's `civil_from_days`, https://howardhinnant.github.io/date_algorithms.html).
private func civilDate(days: Int64) -> (Int64, Int64, Int64) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
}

private func pad(_ value: Int64, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}

/// A short wall-clock duration: 0.4s, 12s, 3m05s.
func durationText(_ start: Date?, _ end: Date?) -> String {
    guard let start else { return "-" }
    let seconds = (end ?? Date()).timeIntervalSince(start)
    if seconds < 10 { return String(format: "%.1fs", seconds) }
    if seconds < 60 { return "\(Int(seconds))s" }
    return String(format: "%dm%02ds", Int(seconds) / 60, Int(seconds) % 60)
}
