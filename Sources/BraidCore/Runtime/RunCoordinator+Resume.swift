import Foundation

/// Cloning the tasks a resumed run reuses from its origin run.
extension RunCoordinator {
    /// The origin task this task may be cloned from, or nil when it must run.
    func cloneSource(for plan: TaskPlan) -> ResumePlan.OriginTask? {
        guard let resume = request.resume, plan.attempt == 0, let spec = graph.step(named: plan.step) else { return nil }
        var parentOrigins: [TaskID]? = []
        for parent in plan.parents {
            guard let origin = tasks[parent]?.originID else { parentOrigins = nil; break }
            parentOrigins?.append(origin)
        }
        return resume.source(for: plan.step, parents: parentOrigins, foreachIndices: plan.foreachStack.map(\.index),
                             transition: (spec.isEnd ? [] : spec.next, spec.foreach != nil))
    }

    /// Records the task as a copy of its origin task and tells the scheduler it succeeded,
    /// without starting a worker.
    func clone(_ plan: TaskPlan, from origin: ResumePlan.OriginTask) throws {
        let parents = plan.parents.map { tasks[$0]!.id }
        let id = try journal.cloneTask(TaskClone(
            task: NewTask(run: runID, step: plan.step, parents: parents, foreachStack: plan.foreachStack, originTaskID: origin.id),
            artifacts: origin.artifacts, nextSteps: origin.nextSteps, foreachCount: origin.foreachCount,
            stdoutPath: origin.stdoutPath, stderrPath: origin.stderrPath))
        var namespace: [String: ArtifactRecord] = [:]
        for artifact in origin.artifacts { namespace[artifact.name] = artifact }
        tasks[plan.key] = TaskEntry(id: id, step: plan.step, namespace: namespace, originID: origin.id)
        clonedCount += 1
        announceClone(pathspec: "\(request.flow)/\(runID)/\(plan.step)/\(id)",
                      origin: "\(request.flow)/\(request.resume!.originRunID)/\(plan.step)/\(origin.id)")
        pendingActions += scheduler.attemptSucceeded(plan.key, foreachCount: origin.foreachCount, now: clock.now)
    }

    private func announceClone(pathspec: String, origin: String) {
        guard let printer = options.livePrinter else { return }
        let line = Array("cloned from \(origin)".utf8)
        line.withUnsafeBytes { printer.printLine($0, stream: .stdout, label: pathspec) }
    }
}
