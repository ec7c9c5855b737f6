import ArgumentParser
import BraidCore
import Foundation

/// `braid api get PATHSPEC`: the JSON the Python and R client APIs read
/// (docs/client-api.md).
struct APICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api", abstract: "Machine-readable queries for the client libraries.", subcommands: [APIGet.self])
}

struct APIGet: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Print one object of the client API as JSON.")

    @Argument(help: "FLOW, FLOW/RUN, FLOW/RUN/STEP or FLOW/RUN/STEP/TASK")
    var pathspec: String
    @Option(help: "See runs of this namespace (default: user:<you>).")
    var namespace: String?
    @Flag(help: "See every run.")
    var all = false

    func run() throws {
        do {
            let context = try QueryContext(namespace: namespace, all: all)
            try emit(try object(context))
        } catch let failure as CommandFailure {
            try emit(["error": failure.description])
            throw ExitCode(1)
        }
    }

    private func emit(_ object: Any) throws {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }

    private func object(_ context: QueryContext) throws -> Any {
        let parts = try pathspecParts(pathspec)
        if parts.count == 1 {
            let runs = try context.runs(flow: parts[0])
            guard !runs.isEmpty else {
                throw CommandFailure("flow \(parts[0]) has no runs\(context.namespace.map { " in namespace \($0)" } ?? "")")
            }
            return ["flow": parts[0], "runs": runs.map { runSummary($0) }]
        }
        let run = try context.run(parts[0], parts[1])
        let tasks = try context.store.tasks(run: run.id)
        if parts.count == 2 {
            var object = runObject(run, tasks: tasks)
            let trigger = try context.store.runTrigger(run: run.id)
            object["trigger"] = trigger.map { foundationValue($0.json) } ?? NSNull()
            object["note"] = trigger?.note ?? NSNull()
            return object
        }
        let stepTasks = tasks.filter { $0.step == parts[2] }
        if parts.count == 3 {
            guard !stepTasks.isEmpty else { throw CommandFailure("step \(run.pathspec)/\(parts[2]) not found") }
            return ["pathspec": "\(run.pathspec)/\(parts[2])", "name": parts[2],
                    "status": combinedStatus(stepTasks), "tasks": stepTasks.map { taskSummary($0, run: run) }]
        }
        return try taskObject(try context.task(run, parts[2], parts[3]), run: run, context: context)
    }

    private func runSummary(_ run: RunRecord) -> [String: Any] {
        ["pathspec": run.pathspec, "flow": run.flow, "id": String(run.id), "status": run.status.rawValue,
         "user": run.user, "created_at": isoTime(run.createdAt), "started_at": isoTime(run.startedAt),
         "finished_at": isoTime(run.finishedAt), "user_tags": run.userTags, "system_tags": run.systemTags,
         "origin_run_id": run.originRunID.map { String($0) } ?? NSNull(), "code_hash": run.codeHash ?? NSNull()]
    }

    private func runObject(_ run: RunRecord, tasks: [TaskRecord]) -> [String: Any] {
        var object = runSummary(run)
        var order: [String] = []
        var byStep: [String: [TaskRecord]] = [:]
        for task in tasks {
            if byStep[task.step] == nil { order.append(task.step) }
            byStep[task.step, default: []].append(task)
        }
        object["parameters"] = foundationValue(.object(run.parameters))
        object["steps"] = order.map { ["name": $0, "status": combinedStatus(byStep[$0]!), "task_count": byStep[$0]!.count] }
        let end = tasks.last { $0.step == "end" && $0.status == .succeeded }
        object["end_task"] = end.map { "\(run.pathspec)/end/\($0.id)" } ?? NSNull()
        return object
    }

    private func taskSummary(_ task: TaskRecord, run: RunRecord) -> [String: Any] {
        ["pathspec": "\(run.pathspec)/\(task.step)/\(task.id)", "id": String(task.id), "step": task.step,
         "status": task.status.rawValue, "started_at": isoTime(task.startedAt), "finished_at": isoTime(task.finishedAt)]
    }

    private func taskObject(_ task: TaskRecord, run: RunRecord, context: QueryContext) throws -> [String: Any] {
        var object = taskSummary(task, run: run)
        object["foreach_stack"] = task.foreachStack.map {
            ["step": $0.step, "artifact": $0.artifact, "index": $0.index, "count": $0.count] as [String: Any]
        }
        object["parents"] = task.parents.map { String($0) }
        object["origin_task_id"] = task.originTaskID.map { String($0) } ?? NSNull()
        let attempts = try context.store.attempts(task: task.id)
        object["attempts"] = attempts.map(AttemptReport.object)
        object["artifacts"] = try context.store.artifacts(task: task.id).map { artifact -> [String: Any] in
            ["name": artifact.name, "path": context.layout.objectPath(artifact.object), "kind": artifact.kind,
             "language": artifact.language, "type_name": artifact.typeName, "size": artifact.size, "object": artifact.object]
        }
        // A succeeded task whose last attempt failed: @catch caught the failure.
        object["caught"] = task.status == .succeeded && attempts.last?.status == .failed
        object["stdout_path"] = attempts.last?.stdoutPath ?? NSNull()
        object["stderr_path"] = attempts.last?.stderrPath ?? NSNull()
        return object
    }
}

/// The JSON form of a failure for the clients: kind, message, and for a raised error its type and traceback.
func failureObject(_ failure: TaskFailure) -> [String: Any] {
    var object: [String: Any] = ["message": failure.description, "type": NSNull(), "traceback": NSNull()]
    object["kind"] = failure.kind
    if case let .stepRaised(_, type, message, traceback, _) = failure {
        object.merge(["type": type, "message": message, "traceback": traceback]) { $1 }
    }
    return object
}

/// One status for a step from its tasks' statuses.
func combinedStatus(_ tasks: [TaskRecord]) -> String {
    let statuses = Set(tasks.map(\.status))
    for status in [TaskStatus.failed, .running, .pending, .cancelled] where statuses.contains(status) {
        return status.rawValue
    }
    return TaskStatus.succeeded.rawValue
}

/// A JSON value as the Foundation objects `JSONSerialization` writes.
func foundationValue(_ value: JSONValue) -> Any {
    (try? JSONSerialization.jsonObject(with: Data(value.jsonText.utf8), options: [.fragmentsAllowed])) ?? NSNull()
}
