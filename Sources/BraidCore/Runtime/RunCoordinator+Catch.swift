import Foundation

/// `@catch`: a task that failed for good is recorded with its failure as an
/// artifact, and the run goes on along the step's declared transition.
extension RunCoordinator {
    /// Records the caught attempt: failed, with the task succeeded; its namespace
    /// is what it inherited (nothing for a join, as after a success) plus the
    /// `var` artifact. Artifacts the failed attempt set are dropped: it did not finish.
    func recordCaught(plan: TaskPlan, taskID: TaskID, pathspec: String, failure: TaskFailure, exit: ExitStatus?) throws {
        guard let spec = graph.step(named: plan.step), let policy = spec.catchPolicy else { return }
        var namespace = plan.isJoin ? [:] : plan.parents.first.flatMap { tasks[$0]?.namespace } ?? [:]
        if let variable = policy.variable {
            let value = CaughtFailure.value(failure, language: spec.language, step: plan.step, pathspec: pathspec, attempt: plan.attempt)
            namespace[variable] = try storeCaughtFailure(value, named: variable)
        }
        tasks[plan.key]?.namespace = namespace
        if policy.printsException {
            let line = "braid: @catch caught the failure of attempt \(plan.attempt): \(failure); the run goes on"
            line.utf8CString.withUnsafeBytes { bytes in
                options.livePrinter?.printLine(UnsafeRawBufferPointer(rebasing: bytes.dropLast()), stream: .stderr, label: pathspec)
            }
        }
        let transition = graph.transition(of: plan.step)
        try journal.attemptFinished(AttemptEnd(run: runID, task: taskID, attempt: plan.attempt, status: .failed, finishedAt: Date(),
                                               exitStatus: exit?.exitStatus, signal: exit?.signal, failure: failure,
                                               artifacts: namespace.values.sorted { $0.name < $1.name },
                                               nextSteps: transition.targets, caught: true))
        caught.append(TaskFailureReport(step: plan.step, taskID: taskID, pathspec: pathspec, attempt: plan.attempt, failure: failure))
    }

    /// Writes the failure artifact into a spool directory of its own and moves it into the store.
    private func storeCaughtFailure(_ value: JSONValue, named name: String) throws -> ArtifactRecord {
        let spool = try spools!.acquire()
        defer { spools?.release(spool) }
        let path = spool + "/\(name).arrow"
        try CaughtFailure.write(value, to: path)
        let (hash, size) = try ingester.ingest(spoolFile: path)
        return ArtifactRecord(name: name, object: hash, kind: "json", language: "braid", typeName: CaughtFailure.typeName, size: size)
    }
}
