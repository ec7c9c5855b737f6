import BraidCore
import Foundation

/// The JSON objects of docs/client-api.md, made from store records. Fields are listed sorted by key, as the
/// answers have always been written (`APIValue` keeps them in that order).
enum APIObjects {
    /// A run as a flow's list shows it.
    static func runSummary(_ run: RunSummary) -> [(String, APIValue)] {
        [("code_hash", .string(run.codeHash)), ("created_at", time(run.createdAt)),
         ("finished_at", time(run.finishedAt)), ("flow", .string(run.flow)), ("id", .string(String(run.id))),
         ("origin_run_id", .string(run.originRunID.map { String($0) })), ("pathspec", .string(run.pathspec)),
         ("started_at", time(run.startedAt)), ("status", .string(run.status.rawValue)),
         ("system_tags", .strings(run.systemTags)), ("user", .string(run.user)), ("user_tags", .strings(run.userTags))]
    }

    /// A run whole: the summary, its parameters and its steps in the order they first ran.
    static func run(_ run: RunRecord, steps: [StepSummary], endTask: TaskID?) -> [(String, APIValue)] {
        let steps = steps.map { step -> APIValue in
            .object([("finished_at", time(step.finishedAt)), ("name", .string(step.name)),
                     ("started_at", time(step.startedAt)), ("status", .string(combinedStatus(step.statuses))),
                     ("task_count", .int(Int64(step.taskCount)))])
        }
        return runSummary(run.summary) + [("parameters", .json(.object(run.parameters))), ("steps", .array(steps)),
                                  ("end_task", .string(endTask.map { "\(run.pathspec)/end/\($0)" }))]
    }

    /// A step with every task whole.
    static func step(_ name: String, _ details: StepDetails, run: RunSummary, layout: StoreLayout) -> APIValue {
        .object([("name", .string(name)), ("pathspec", .string("\(run.pathspec)/\(name)")),
                 ("run_status", .string(run.status.rawValue)), ("status", .string(combinedStatus(details.tasks))),
                 ("tasks", .array(details.tasks.map { task($0, details, run: run, layout: layout) }))])
    }

    /// A task whole: its attempts, artifacts, parents and children.
    static func task(_ task: TaskRecord, _ details: StepDetails, run: RunSummary, layout: StoreLayout) -> APIValue {
        let attempts = details.attempts[task.id] ?? []
        let linked = { (links: [TaskLink]) in APIValue.strings(links.map { "\(run.flow)/\($0.run)/\($0.step)/\($0.id)" }) }
        let artifacts = (details.artifacts[task.id] ?? []).map { artifact -> APIValue in
            .object([("kind", .string(artifact.kind)), ("language", .string(artifact.language)),
                     ("name", .string(artifact.name)), ("object", .string(artifact.object)),
                     ("path", .string(layout.objectPath(artifact.object))), ("size", .int(artifact.size)),
                     ("type_name", .string(artifact.typeName))])
        }
        let stack = task.foreachStack.map { frame -> APIValue in
            .object([("artifact", .string(frame.artifact)), ("count", .int(Int64(frame.count))),
                     ("index", .int(Int64(frame.index))), ("step", .string(frame.step))])
        }
        return .object([
            ("artifacts", .array(artifacts)),
            ("attempts", .array(attempts.map(AttemptReport.json))),
            // A succeeded task whose last attempt failed: @catch caught the failure.
            ("caught", .bool(task.status == .succeeded && attempts.last?.status == .failed)),
            ("child_tasks", linked(details.children[task.id] ?? [])),
            ("finished_at", time(task.finishedAt)),
            ("foreach_stack", .array(stack)),
            ("id", .string(String(task.id))),
            ("origin_task_id", .string(task.originTaskID.map { String($0) })),
            ("parent_tasks", linked(details.parents[task.id] ?? [])),
            ("parents", .strings(task.parents.map { String($0) })),
            ("pathspec", .string("\(run.pathspec)/\(task.step)/\(task.id)")),
            ("run_status", .string(run.status.rawValue)),
            ("started_at", time(task.startedAt)),
            ("status", .string(task.status.rawValue)),
            ("stderr_path", .string(attempts.last?.stderrPath)),
            ("stdout_path", .string(attempts.last?.stdoutPath)),
            ("step", .string(task.step)),
        ])
    }

    /// An engine time as the clients read it, or null.
    static func time(_ date: Date?) -> APIValue {
        date.map { .string(isoText($0)) } ?? .null
    }
}

/// The JSON form of a failure for the clients: kind, message, and for a raised error its type and traceback.
func failureObject(_ failure: TaskFailure) -> APIValue {
    var message = failure.description, type: String?, traceback: String?
    if case let .stepRaised(_, raisedType, raisedMessage, raisedTraceback, _) = failure {
        (message, type, traceback) = (raisedMessage, raisedType, raisedTraceback)
    }
    return .object([("kind", .string(failure.kind)), ("message", .string(message)), ("traceback", .string(traceback)),
                    ("type", .string(type))])
}

/// One status for a step from its tasks' statuses.
func combinedStatus(_ tasks: [TaskRecord]) -> String {
    combinedStatus(Set(tasks.map(\.status)))
}

/// One status for a step from the set of its tasks' statuses: any failure fails it, else any task still going.
func combinedStatus(_ statuses: Set<TaskStatus>) -> String {
    for status in [TaskStatus.failed, .running, .pending, .cancelled] where statuses.contains(status) {
        return status.rawValue
    }
    return TaskStatus.succeeded.rawValue
}
