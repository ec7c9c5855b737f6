import Foundation
import Glibc

/// Ending attempts: collecting the exit, recording the result, telling the scheduler.
extension RunCoordinator {
    /// The worker exited: read what it left in its pipes, reap it, and record the attempt.
    func finish(_ attempt: ActiveAttempt) throws {
        // Everything it wrote before exiting is in the pipes (a pipe holds 64 KiB,
        // fd 4 lines up to 1 MiB). A grandchild that still holds them open, and may
        // keep writing, must not keep the attempt from ending: at most 4 MiB more.
        for channel in [WorkerProcess.Channel.fromWorker, .stdout, .stderr] {
            var reads = 0
            while reads < 64, readAvailable(attempt, channel) { reads += 1 }
        }
        if attempt.outcome == nil, attempt.worker.framer.hasPartialLine, let tail = attempt.worker.framer.finish(),
           attempt.worker.process.reap() == .exited(0) {
            // Exited cleanly mid-line: the unterminated line is the clearest explanation.
            attempt.outcome = .failed(.protocolViolation(line: ProtocolError(line: tail, reason: "").line,
                                                         reason: "the last line has no newline"))
        }
        let exit = attempt.worker.process.reap(blocking: true)
        if attempt.worker.teardown.hasBegun { attempt.worker.process.signalGroup(SIGKILL) }  // stragglers of a stopped worker
        watchdog?.unwatch(attempt.worker.process.pid)
        for channel in [WorkerProcess.Channel.stdout, .stderr, .toWorker, .fromWorker, .exit] { attempt.worker.process.close(channel) }
        attempt.output.finish()
        attempts.removeAll { $0 === attempt }
        spools?.release(attempt.spool)

        switch attempt.outcome ?? .failed(exit?.failure ?? .exited(status: -1)) {
        case .succeeded:
            try recordSuccess(attempt, exit: exit)
        case .failed(let failure):
            try recordFailure(plan: attempt.plan, taskID: attempt.taskID, pathspec: attempt.pathspec, failure: failure, exit: exit,
                              peakMemoryMB: attempt.peakMemoryMB)
        }
    }

    private func recordSuccess(_ attempt: ActiveAttempt, exit: ExitStatus?) throws {
        let key = attempt.plan.key
        // What the task had (nothing for a join) plus what it set.
        var namespace = attempt.plan.isJoin ? [:] : attempt.plan.parents.first.flatMap { tasks[$0]?.namespace } ?? [:]
        namespace.merge(attempt.artifacts) { _, set in set }
        tasks[key]?.namespace = namespace
        try journal.attemptFinished(AttemptEnd(run: runID, task: attempt.taskID, attempt: attempt.plan.attempt, status: .succeeded,
                                               finishedAt: Date(), exitStatus: exit?.exitStatus, signal: exit?.signal,
                                               artifacts: namespace.values.sorted { $0.name < $1.name },
                                               nextSteps: attempt.next?.steps ?? [], foreachCount: attempt.next?.foreachCount))
        try perform(scheduler.attemptSucceeded(key, foreachCount: attempt.next?.foreachCount, now: clock.now))
    }

    /// Records a failed attempt, asking the scheduler first whether a retry follows.
    func recordFailure(plan: TaskPlan, taskID: TaskID, pathspec: String, failure: TaskFailure, exit: ExitStatus?,
                       peakMemoryMB: Int? = nil) throws {
        let actions = scheduler.attemptFailed(plan.key, failure: failure, now: clock.now)
        let willRetry = actions.contains { if case .retry(let next, _) = $0 { next.key == plan.key } else { false } }
        if !willRetry, failure != .cancelled, scheduler.status(of: plan.key) == .succeeded {
            try recordCaught(plan: plan, taskID: taskID, pathspec: pathspec, failure: failure, exit: exit)
            try perform(actions)
            return
        }
        try journal.attemptFinished(AttemptEnd(run: runID, task: taskID, attempt: plan.attempt,
                                               status: failure == .cancelled ? .cancelled : .failed, finishedAt: Date(),
                                               exitStatus: exit?.exitStatus, signal: exit?.signal, failure: failure, willRetry: willRetry))
        if !willRetry, failure != .cancelled {
            var report = TaskFailureReport(step: plan.step, taskID: taskID, pathspec: pathspec, attempt: plan.attempt, failure: failure)
            report.peakMemoryMB = peakMemoryMB
            failures.append(report)
        }
        try perform(actions)
    }
}
