import ArgumentParser
import BraidCore
import Foundation

/// Namespace options shared by the inspection commands.
struct NamespaceOptions: ParsableArguments {
    @Option(help: "See runs of this namespace (default: user:<you>).")
    var namespace: String?
    @Flag(help: "See every user's runs.")
    var all = false

    func context() throws -> QueryContext { try QueryContext(namespace: namespace, all: all) }
}

/// `braid runs [FLOW]`: past runs, newest first.
struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "runs", abstract: "List runs, newest first.")
    @Argument(help: "Only this flow's runs.") var flow: String?
    @OptionGroup var namespaceOptions: NamespaceOptions
    @Option(help: "At most this many runs.") var limit = 20

    func run() throws {
        let layout = StoreLayout.fromEnvironment()
        guard FileManager.default.fileExists(atPath: layout.databasePath) else {
            print("No runs yet in \(layout.root).")
            return
        }
        let runs = try namespaceOptions.context().runs(flow: flow).prefix(limit)
        guard !runs.isEmpty else {
            print("No runs\(flow.map { " of \($0)" } ?? "") in this namespace.")
            return
        }
        var rows = [["RUN", "STATUS", "USER", "STARTED", "DURATION", "TAGS"]]
        for run in runs {
            rows.append([run.pathspec, run.status.rawValue, run.user, (isoTime(run.createdAt) as? String).map { String($0.prefix(19)) } ?? "-",
                         durationText(run.startedAt ?? run.createdAt, run.finishedAt), run.userTags.joined(separator: ",")])
        }
        print(alignedColumns(rows))
    }
}

/// `braid show FLOW/RUN`: steps, tasks, statuses, durations and failures.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a run's steps and tasks.")
    @Argument(help: "FLOW/RUN") var pathspec: String
    @OptionGroup var namespaceOptions: NamespaceOptions

    func run() throws {
        let parts = try pathspecParts(pathspec)
        guard parts.count == 2 else { throw CommandFailure("braid show takes FLOW/RUN, got \(pathspec)") }
        let context = try namespaceOptions.context()
        let run = try context.run(parts[0], parts[1])
        print("Run \(run.pathspec): \(run.status.rawValue), by \(run.user), \(durationText(run.startedAt ?? run.createdAt, run.finishedAt))")
        if !run.parameters.isEmpty {
            print("Parameters: " + run.parameters.keys.sorted().map { "\($0)=\(run.parameters[$0]!)" }.joined(separator: " "))
        }
        if !run.userTags.isEmpty { print("Tags: " + run.userTags.joined(separator: ", ")) }
        if let hash = run.codeHash { print("Code: sha256 \(hash.prefix(12)) (braid code \(run.pathspec) lists it)") }
        if let trigger = try context.store.runTrigger(run: run.id) {
            print(TriggerText.line(trigger))
            if let note = trigger.note { print("Note: \(note)") }
        }
        for (direction, label) in [("read", "Tables read"), ("write", "Tables written")] {
            let tables = try context.store.runTables(run: run.id, direction: direction)
            if !tables.isEmpty { print("\(label): " + tables.map { "\($0.name) v\($0.version)" }.joined(separator: ", ")) }
        }
        var rows = [["STEP", "TASK", "STATUS", "ATTEMPTS", "DURATION", "EXIT", "NOTE"]]
        for task in try context.store.tasks(run: run.id) {
            let attempts = try context.store.attempts(task: task.id)
            let note = attempts.last?.failure.map { AttemptReport.failureText($0) }
                ?? task.foreachStack.last.map { "item \($0.index) of \($0.count)" } ?? ""
            let caught = task.status == .succeeded && attempts.last?.status == .failed
            rows.append([task.step, String(task.id), caught ? "caught" : task.status.rawValue, String(attempts.count),
                         durationText(task.startedAt, task.finishedAt), attempts.last.map(AttemptReport.exitText) ?? "-", note])
            if AttemptReport.isWorthListing(attempts) { rows += AttemptReport.rows(attempts) }
        }
        print(alignedColumns(rows))
    }
}

/// `braid logs FLOW/RUN/STEP[/TASK]`: what tasks printed.
struct LogsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "logs", abstract: "Print what a step's tasks printed.")
    @Argument(help: "FLOW/RUN/STEP or FLOW/RUN/STEP/TASK") var pathspec: String
    @Flag(help: "Only standard error.") var stderr = false
    @Flag(help: "Only standard output.") var stdout = false
    @Option(help: "Which attempt (default: every attempt).") var attempt: Int?
    @OptionGroup var namespaceOptions: NamespaceOptions

    func run() throws {
        let parts = try pathspecParts(pathspec)
        guard parts.count >= 3 else { throw CommandFailure("braid logs takes FLOW/RUN/STEP[/TASK], got \(pathspec)") }
        let context = try namespaceOptions.context()
        let run = try context.run(parts[0], parts[1])
        let tasks = parts.count == 4 ? [try context.task(run, parts[2], parts[3])]
            : try context.store.tasks(run: run.id, step: parts[2])
        guard !tasks.isEmpty else { throw CommandFailure("step \(run.pathspec)/\(parts[2]) has no tasks") }
        let streams: [LogStream] = stdout == stderr ? [.stdout, .stderr] : (stdout ? [.stdout] : [.stderr])
        for task in tasks {
            let records = try context.store.attempts(task: task.id)
            if let attempt, !records.contains(where: { $0.attempt == attempt }) {
                throw CommandFailure("task \(run.pathspec)/\(task.step)/\(task.id) has no attempt \(attempt); "
                    + "it has attempts 0 to \(records.count - 1)")
            }
            for record in records where attempt == nil || attempt == record.attempt {
                for stream in streams {
                    let path = stream == .stdout ? record.stdoutPath : record.stderrPath
                    guard let text = try? String(contentsOfFile: path, encoding: .utf8), !text.isEmpty else { continue }
                    // A header whenever the output could be mistaken for another task's, stream's or attempt's.
                    if tasks.count > 1 || streams.count > 1 || (attempt == nil && records.count > 1) {
                        print("== \(run.pathspec)/\(task.step)/\(task.id) attempt \(record.attempt) \(stream.rawValue)")
                    }
                    print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
                }
            }
        }
    }
}

/// Left-aligned columns separated by two spaces.
func alignedColumns(_ rows: [[String]]) -> String {
    var widths = [Int](repeating: 0, count: rows.map(\.count).max() ?? 0)
    for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
    return rows.map { row in
        row.enumerated().map { i, cell in cell.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
            .joined(separator: "  ").trimmingTrailingSpaces()
    }.joined(separator: "\n")
}
