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

/// ISO 8601 in UTC with milliseconds; one formatter for every row (they are costly to make).
nonisolated(unsafe) private let isoFormatter: ISO8601DateFormatter = {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter
}()

func isoTime(_ date: Date?) -> Any {
    guard let date else { return NSNull() }
    return isoFormatter.string(from: date)
}

/// A short wall-clock duration: 0.4s, 12s, 3m05s.
func durationText(_ start: Date?, _ end: Date?) -> String {
    guard let start else { return "-" }
    let seconds = (end ?? Date()).timeIntervalSince(start)
    if seconds < 10 { return String(format: "%.1fs", seconds) }
    if seconds < 60 { return "\(Int(seconds))s" }
    return String(format: "%dm%02ds", Int(seconds) / 60, Int(seconds) % 60)
}
