import Foundation
import Glibc

/// Performing the scheduler's actions, and starting attempts.
extension RunCoordinator {
    /// Performs actions, and the actions those lead to, in order.
    func perform(_ actions: [SchedulerAction]) throws {
        pendingActions += actions
        while !pendingActions.isEmpty {
            let action = pendingActions.removeFirst()
            switch action {
            case .start(let plan):
                try start(plan)
            case .retry:
                break  // recorded with the failed attempt (willRetry); the later .start runs it
            case .stop(let key):
                if let attempt = attempts.first(where: { $0.plan.key == key }) { stop(attempt, because: .cancelled) }
            case .abandon(let plan):
                try abandon(plan)
            case .finishRun(let status, let note):
                try journal.runFinished(runID, status: status, at: Date())
                result = RunResult(runID: runID, status: status, failures: failures, note: note,
                                   taskCount: tasks.count, attemptCount: attemptCount, clonedCount: clonedCount)
                result?.caught = caught
            }
        }
    }

    /// Languages resolve to worker commands once per run, before the run is created.
    func resolveWorkerCommands() throws {
        let locator = InterpreterLocator(configured: request.interpreters, environment: options.environment)
        let languages = Set(graph.stepNames.compactMap { graph.step(named: $0)?.language })
        for language in languages.sorted() {
            if let command = options.workerCommands[language] {
                commands[language] = command
            } else {
                let interpreter = try locator.interpreter(for: language)
                guard let command = WorkerCommand.standard(language: language, interpreter: interpreter) else {
                    throw InterpreterError.unknownLanguage(language)
                }
                commands[language] = command
            }
        }
        baseEnvironment = options.environment ?? ProcessInfo.processInfo.environment
        baseEnvironment["BRAID_WORKER"] = "1"
        baseEnvironment[ProtocolVersion.fdsEnvironmentKey] = ProtocolVersion.fdsEnvironmentValue
        baseEnvironment["BRAID_HOME"] = layout.root
    }

    /// Starts one attempt: records it, makes its directories, spawns the worker, sends the task.
    private func start(_ plan: TaskPlan) throws {
        guard let spec = graph.step(named: plan.step) else {
            preconditionFailure("the scheduler planned step '\(plan.step)', which the graph does not have")
        }
        if let origin = cloneSource(for: plan) { return try clone(plan, from: origin) }
        let taskID = try taskID(for: plan)
        let pathspec = "\(request.flow)/\(runID)/\(plan.step)/\(taskID)"
        let stdoutPath = layout.logPath(flow: request.flow, run: runID, step: plan.step, task: taskID, attempt: plan.attempt, stream: .stdout)
        let stderrPath = layout.logPath(flow: request.flow, run: runID, step: plan.step, task: taskID, attempt: plan.attempt, stream: .stderr)
        let spool = try spools!.acquire()
        let output = try TaskOutput(stdoutPath: stdoutPath, stderrPath: stderrPath, label: pathspec, printer: options.livePrinter)
        attemptCount += 1

        var environment = baseEnvironment
        for (name, value) in spec.environment { environment[name] = value }
        let process: WorkerProcess
        do {
            process = try launchWorker(language: spec.language, environment: environment)
        } catch {
            // Not an engine error: the task fails (and may be retried) like a worker that could not exec.
            output.note("braid: \(error)", on: .stderr)
            output.finish()
            spools?.release(spool)
            try journal.attemptStarted(AttemptStart(run: runID, task: taskID, attempt: plan.attempt, startedAt: Date(), pid: nil,
                                                    stdoutPath: stdoutPath, stderrPath: stderrPath))
            try recordFailure(plan: plan, taskID: taskID, pathspec: pathspec, failure: .exited(status: 127), exit: nil)
            return
        }
        watchdog?.watch(process.pid)
        let worker = WorkerConnection(process: process, grace: options.terminationGrace)
        let attempt = ActiveAttempt(plan: plan, taskID: taskID, spec: spec, pathspec: pathspec, worker: worker, output: output,
                                    spool: spool, stdoutPath: stdoutPath, stderrPath: stderrPath)
        attempts.append(attempt)
        try journal.attemptStarted(AttemptStart(run: runID, task: taskID, attempt: plan.attempt, startedAt: Date(), pid: process.pid,
                                                stdoutPath: stdoutPath, stderrPath: stderrPath))
        if let seconds = spec.timeoutSeconds {
            attempt.timeoutDeadline = clock.now + .milliseconds(Int64((seconds * 1000).rounded(.up)))
        }
        // The task goes out before the hello comes back: one round trip less per task.
        let line: [UInt8]
        do {
            line = try EngineMessage.task(taskMessage(plan, spec: spec, taskID: taskID, pathspec: pathspec, spool: spool)).encodedLine()
        } catch {
            stop(attempt, because: error.failure)
            return
        }
        worker.conversation.taskSent()
        worker.send(line)
    }

    /// The task's journal id, creating the task on its first attempt.
    private func taskID(for plan: TaskPlan) throws -> TaskID {
        if let entry = tasks[plan.key] { return entry.id }
        let parents = plan.parents.map { tasks[$0]!.id }
        let id = try journal.createTask(NewTask(run: runID, step: plan.step, parents: parents, foreachStack: plan.foreachStack))
        tasks[plan.key] = TaskEntry(id: id, step: plan.step)
        return id
    }

    /// The `task` message: the namespace the task sees, its foreach place, a join's inputs.
    private func taskMessage(_ plan: TaskPlan, spec: StepSpec, taskID: TaskID, pathspec: String, spool: String) -> TaskMessage {
        func references(_ namespace: [String: ArtifactRecord]) -> [String: ArtifactReference] {
            namespace.mapValues { ArtifactReference(path: ingester.objectPath($0.object), kind: $0.kind, language: $0.language) }
        }
        var artifacts: [String: ArtifactReference] = [:]
        var inputs: [JoinInput]?
        if plan.isJoin {
            // A join's own namespace starts empty (as in Metaflow); its inputs carry theirs.
            inputs = plan.parents.enumerated().map { index, key in
                let parent = tasks[key]!
                return JoinInput(step: parent.step, taskID: String(parent.id), pathspec: "\(request.flow)/\(runID)/\(parent.step)/\(parent.id)",
                                 index: index, artifacts: references(parent.namespace))
            }
        } else if let parent = plan.parents.first {
            artifacts = references(tasks[parent]!.namespace)
        }
        let foreach = plan.foreachStack.last.map { ForeachContext(artifact: $0.artifact, index: $0.index, stack: plan.foreachStack) }
        return TaskMessage(flow: request.flow, runID: String(runID), step: plan.step, taskID: String(taskID), attempt: plan.attempt,
                           pathspec: pathspec, file: spec.file, function: spec.function, join: plan.isJoin,
                           parameters: request.parameters, artifacts: artifacts, foreach: foreach, inputs: inputs,
                           spool: spool, username: request.user, retryCount: plan.attempt,
                           next: spec.isEnd ? nil : DeclaredTransition(steps: spec.next, foreach: spec.foreach),
                           trigger: request.triggerJSON)
    }

    /// A retry that will not run: recorded as a cancelled attempt that never started (no pid),
    /// so the task, left running by its retried attempt, ends.
    private func abandon(_ plan: TaskPlan) throws {
        guard let entry = tasks[plan.key] else { return }
        let stdoutPath = layout.logPath(flow: request.flow, run: runID, step: plan.step, task: entry.id, attempt: plan.attempt, stream: .stdout)
        let stderrPath = layout.logPath(flow: request.flow, run: runID, step: plan.step, task: entry.id, attempt: plan.attempt, stream: .stderr)
        try journal.attemptStarted(AttemptStart(run: runID, task: entry.id, attempt: plan.attempt, startedAt: Date(), pid: nil,
                                                stdoutPath: stdoutPath, stderrPath: stderrPath))
        try journal.attemptFinished(AttemptEnd(run: runID, task: entry.id, attempt: plan.attempt, status: .cancelled,
                                               finishedAt: Date(), failure: .cancelled))
    }
}
