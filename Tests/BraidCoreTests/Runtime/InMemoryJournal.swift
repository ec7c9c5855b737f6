import Foundation
@testable import BraidCore

/// A ``RunJournal`` that keeps everything in memory: the coordinator's seam to the metadata store.
final class InMemoryJournal: RunJournal, @unchecked Sendable {
    private let lock = NSLock()
    private var _runs: [NewRun] = []
    private var _runEvents: [(RunID, RunStatus)] = []
    private var _tasks: [NewTask] = []
    private var _starts: [AttemptStart] = []
    private var _ends: [AttemptEnd] = []
    /// Called (on the coordinator's thread) after each attempt start is recorded.
    var onAttemptStarted: ((AttemptStart) -> Void)?
    /// Makes the nth call to `attemptFinished` throw (an engine error path).
    var failOnAttemptFinished: Int?

    struct Failure: Error, CustomStringConvertible {
        var description: String { "the journal is unavailable" }
    }

    var runs: [NewRun] { lock.withLock { _runs } }
    var runEvents: [(RunID, RunStatus)] { lock.withLock { _runEvents } }
    var tasks: [NewTask] { lock.withLock { _tasks } }
    var starts: [AttemptStart] { lock.withLock { _starts } }
    var ends: [AttemptEnd] { lock.withLock { _ends } }

    func createRun(_ run: NewRun) throws -> RunID {
        lock.withLock {
            _runs.append(run)
            return RunID(_runs.count)
        }
    }

    func runStarted(_ run: RunID, at: Date) throws {
        lock.withLock { _runEvents.append((run, .running)) }
    }

    func createTask(_ task: NewTask) throws -> TaskID {
        lock.withLock {
            _tasks.append(task)
            return TaskID(_tasks.count)
        }
    }

    func attemptStarted(_ attempt: AttemptStart) throws {
        lock.withLock { _starts.append(attempt) }
        onAttemptStarted?(attempt)
    }

    func attemptFinished(_ attempt: AttemptEnd) throws {
        try lock.withLock {
            if let n = failOnAttemptFinished, _ends.count + 1 >= n { throw Failure() }
            _ends.append(attempt)
        }
    }

    func runFinished(_ run: RunID, status: RunStatus, at: Date) throws {
        lock.withLock { _runEvents.append((run, status)) }
    }

    func cloneTask(_ clone: TaskClone) throws -> TaskID {
        lock.withLock {
            _tasks.append(clone.task)
            return TaskID(_tasks.count)
        }
    }

    // MARK: - Queries

    /// The task id of the first task of a step.
    func taskID(_ step: String) -> TaskID? {
        tasks.firstIndex { $0.step == step }.map { TaskID($0 + 1) }
    }

    func task(_ id: TaskID) -> NewTask { tasks[Int(id) - 1] }

    /// The final attempt end of a task (the one without willRetry).
    func finalEnd(_ id: TaskID) -> AttemptEnd? { ends.last { $0.task == id } }
}

/// Stores artifact files under `objects/` by a cheap content hash (FNV-1a; the
/// real store uses SHA-256). A file that starts with `INVALID` is refused, as
/// the real store refuses a file that is not Arrow IPC.
final class TestIngester: ArtifactIngester, @unchecked Sendable {
    let layout: StoreLayout

    init(layout: StoreLayout) {
        self.layout = layout
    }

    struct Rejected: Error, CustomStringConvertible {
        var description: String { "not an Arrow IPC file" }
    }

    func ingest(spoolFile: String) throws -> (hash: String, size: Int64) {
        let data = try Data(contentsOf: URL(fileURLWithPath: spoolFile))
        if data.starts(with: Data("INVALID".utf8)) { throw Rejected() }
        var hash: UInt64 = 0xcbf29ce484222325
        for byte in data { hash = (hash ^ UInt64(byte)) &* 0x100000001b3 }
        let hex = String(hash, radix: 16)
        // 64 hex digits like a SHA-256, so the real metadata store accepts it too.
        let name = String(repeating: String(repeating: "0", count: 16 - hex.count) + hex, count: 4)
        let path = objectPath(name)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        if FileManager.default.fileExists(atPath: path) {
            try FileManager.default.removeItem(atPath: spoolFile)
        } else {
            try FileManager.default.moveItem(atPath: spoolFile, toPath: path)
        }
        return (name, Int64(data.count))
    }

    func objectPath(_ hash: String) -> String { layout.objectPath(hash) }
}
