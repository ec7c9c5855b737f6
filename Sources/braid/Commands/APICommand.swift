import ArgumentParser
import BraidCore
import Foundation

/// `braid api get PATHSPEC` and `braid api flows`: the JSON the Python and R
/// client APIs read (docs/client-api.md). Each answer is one collection whole
/// (a step's tasks with their artifacts and attempts, a page of runs), so a
/// client starts one process per collection, never one per item.
struct APICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api", abstract: "Machine-readable queries for the client libraries.",
        subcommands: [APIGet.self, APIFlows.self])
}

struct APIGet: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Print one object of the client API as JSON.")

    @Argument(help: "FLOW, FLOW/RUN, FLOW/RUN/STEP or FLOW/RUN/STEP/TASK")
    var pathspec: String
    @OptionGroup var scope: NamespaceOptions
    @Option(name: .customLong("tag"), help: "FLOW: only runs carrying this tag (repeat: every one of them).")
    var tags: [String] = []
    @Option(help: "FLOW: at most this many runs (default: all).")
    var limit: Int?
    @Option(help: "FLOW: only runs older than this run id (the next page).")
    var before: Int64?
    @Flag(help: "FLOW: each run with its end task whole (`end_task_record`), for `run.data` across a page.")
    var endTasks = false

    func run() throws {
        try emitAnswer { try object(try scope.context()) }
    }

    private func object(_ context: QueryContext) throws -> APIValue {
        let parts = try pathspecParts(pathspec)
        if parts.count == 1 { return try flowObject(parts[0], context) }
        let run = try context.run(parts[0], parts[1])
        if parts.count == 2 {
            let trigger = try context.store.runTrigger(run: run.id)
            let (steps, end) = try context.store.stepSummaries(run: run.id)
            return .sorted(APIObjects.run(run, steps: steps, endTask: end)
                + [("trigger", trigger.map { .json($0.json) } ?? .null), ("note", .string(trigger?.note)),
                   ("tables_read", try tables(run.id, "read", context)), ("tables_written", try tables(run.id, "write", context))])
        }
        if parts.count == 3 {
            let details = try context.store.stepDetails(run: run.id, step: parts[2])
            guard !details.tasks.isEmpty else { throw CommandFailure("step \(run.pathspec)/\(parts[2]) not found") }
            return APIObjects.step(parts[2], details, run: run.summary, layout: context.layout)
        }
        guard let taskID = TaskID(parts[3]) else { throw CommandFailure("task \(pathspec) not found") }
        let details = try context.store.stepDetails(run: run.id, step: parts[2], task: taskID)
        guard let task = details.tasks.first else { throw CommandFailure("task \(run.pathspec)/\(parts[2])/\(parts[3]) not found") }
        return APIObjects.task(task, details, run: run.summary, layout: context.layout)
    }

    /// The run's lineage (docs/tables.md): `[{"table", "version"}]`.
    private func tables(_ run: RunID, _ direction: String, _ context: QueryContext) throws -> APIValue {
        .array(try context.store.runTables(run: run, direction: direction).map {
            .object([("table", .string($0.name)), ("version", .int($0.version))])
        })
    }

    private func flowObject(_ flow: String, _ context: QueryContext) throws -> APIValue {
        if let limit, limit < 0 { throw CommandFailure("--limit must be 0 or more, not \(limit)") }
        let page = try context.runPage(flow: flow, tags: tags, before: before, limit: limit ?? Int(Int32.max))
        // A flow with no run in the namespace is not found; a filter that matches none is an empty page.
        if page.runs.isEmpty, try context.runPage(flow: flow, tags: [], before: nil, limit: 1).runs.isEmpty {
            throw CommandFailure("flow \(flow) has no runs\(context.namespace.map { " in namespace \($0)" } ?? "")")
        }
        let runs = try page.runs.map { run -> APIValue in
            let summary = APIObjects.runSummary(run)
            return endTasks ? .sorted(summary + [("end_task_record", try endTask(run, context) ?? .null)]) : .object(summary)
        }
        return .object([("flow", .string(flow)), ("has_more", .bool(page.hasMore)), ("runs", .array(runs))])
    }

    /// The run's succeeded end task whole, as `run.data` reads it, or nil before it ran.
    private func endTask(_ run: RunSummary, _ context: QueryContext) throws -> APIValue? {
        let details = try context.store.stepDetails(run: run.id, step: "end")
        guard let end = details.tasks.last(where: { $0.status == .succeeded }) else { return nil }
        return APIObjects.task(end, details, run: run, layout: context.layout)
    }
}

/// `braid api flows`: the flows with runs in the namespace (Python `Metaflow()`, R `list_flows()`).
struct APIFlows: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "flows", abstract: "Print the flows with runs in the namespace as JSON.")

    @OptionGroup var scope: NamespaceOptions

    func run() throws {
        try emitAnswer {
            let context = try scope.context()
            let flows = try context.store.flowSummaries(user: context.namespaceUser, tag: context.namespaceTag)
            return .object([("flows", .array(flows.map { flow in
                .object([("latest_created_at", APIObjects.time(flow.latestCreatedAt)),
                         ("latest_run_id", .string(String(flow.latestRunID))), ("name", .string(flow.name)),
                         ("run_count", .int(Int64(flow.runCount)))])
            }))])
        }
    }
}

/// Prints the object `body` makes as one line of JSON, or `{"error": ...}` and exit status 1.
func emitAnswer(_ body: () throws -> APIValue) throws {
    do {
        try emitJSON(try body())
    } catch let failure as CommandFailure {
        try emitJSON(.object([("error", .string(failure.description))]))
        throw ExitCode(1)
    }
}

private func emitJSON(_ object: APIValue) throws {
    var output = JSONOutput()
    output.write(object)
    FileHandle.standardOutput.write(Data(output.bytes + [UInt8(ascii: "\n")]))
}
