public import Foundation

/// Something told of each event of a run as the journal records it.
public protocol RunProgressObserver: AnyObject {
    /// Called after the event was recorded, on the coordinator's thread.
    func runProgressed(_ update: (inout RunProgress) -> Void)
}

/// A ``RunJournal`` that records into another and tells an observer what
/// happened: the coordinator's events reach the live progress display
/// without the coordinator knowing about displays.
///
/// Every call is forwarded first; the observer hears of an event only once it
/// is recorded, and never of one that failed.
public final class ProgressJournal: RunJournal {
    private let base: any RunJournal
    private let observer: any RunProgressObserver

    /// Records into `base` and tells `observer`.
    public init(recordingInto base: any RunJournal, observer: any RunProgressObserver) {
        self.base = base
        self.observer = observer
    }

    public func createRun(_ run: NewRun) throws -> RunID {
        let id = try base.createRun(run)
        observer.runProgressed { $0.runCreated(id) }
        return id
    }

    public func runStarted(_ run: RunID, at: Date) throws {
        try base.runStarted(run, at: at)
    }

    public func startQueuedRun(_ run: RunID, at: Date) throws {
        try base.startQueuedRun(run, at: at)
        observer.runProgressed { $0.runCreated(run) }
    }

    public func createTask(_ task: NewTask) throws -> TaskID {
        let id = try base.createTask(task)
        observer.runProgressed { $0.taskCreated(id, step: task.step) }
        return id
    }

    public func attemptStarted(_ attempt: AttemptStart) throws {
        try base.attemptStarted(attempt)
        observer.runProgressed { $0.attemptStarted(task: attempt.task) }
    }

    public func attemptFinished(_ attempt: AttemptEnd) throws {
        try base.attemptFinished(attempt)
        observer.runProgressed { $0.attemptFinished(attempt) }
    }

    public func cloneTask(_ clone: TaskClone) throws -> TaskID {
        let id = try base.cloneTask(clone)
        observer.runProgressed { $0.taskCloned(id, clone) }
        return id
    }

    public func runFinished(_ run: RunID, status: RunStatus, at: Date) throws {
        try base.runFinished(run, status: status, at: at)
        observer.runProgressed { $0.runFinished(status) }
    }
}
