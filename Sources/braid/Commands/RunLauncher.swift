import ArgumentParser
import BraidCore
import Foundation

/// The options `braid flow run` and `braid flow resume` share.
struct RunCommandOptions: ParsableArguments {
    @Option(name: .customLong("max-workers"), help: "How many tasks may run at once (default: the number of cores).")
    var maxWorkers: Int?

    @Option(name: .customLong("tag"), help: "A tag for the run (repeatable).")
    var tags: [String] = []

    func validate() throws {
        if let maxWorkers, maxWorkers < 1 { throw CommandFailure("--max-workers must be at least 1") }
    }
}

/// Runs the request to its end with live output, reports how it ended on
/// stderr, and leaves with the run's exit status: 0 succeeded, 1 failed, 130 cancelled.
func launchRun(graph: FlowGraph, request: RunRequest, journal: MetadataStore, layout: StoreLayout,
               options: RunCommandOptions) throws {
    let runOptions = RunOptions(maxWorkers: options.maxWorkers, livePrinter: RunOptions.consoleOutput(), handlesSignals: true)
    let coordinator = try RunCoordinator(graph: graph, request: request, journal: journal, layout: layout,
                                         ingester: ObjectStore(layout: layout), options: runOptions)
    let result = try coordinator.run()
    report(result, flow: request.flow, origin: request.originRunID)
    switch result.status {
    case .succeeded: return
    case .cancelled: throw ExitCode(130)
    default: throw ExitCode(1)
    }
}

private func report(_ result: RunResult, flow: String, origin: RunID?) {
    var lines: [String] = []
    for failure in result.failures {
        lines.append("Step '\(failure.step)' failed: \(failure)")
        if case let .stepRaised(_, _, _, traceback, _) = failure.failure, !traceback.isEmpty {
            lines.append(traceback.hasSuffix("\n") ? String(traceback.dropLast()) : traceback)
        }
    }
    if let note = result.note { lines.append(note) }
    var summary = "Run \(flow)/\(result.runID) \(result.status.rawValue): \(result.taskCount) tasks"
    if let origin { summary += " (\(result.clonedCount) cloned from run \(origin))" }
    lines.append(summary + ".")
    FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
}
