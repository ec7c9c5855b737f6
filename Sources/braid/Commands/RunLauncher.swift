import ArgumentParser
import BraidCore
import Foundation

/// The options `braid flow run` and `braid flow resume` share.
struct RunCommandOptions: ParsableArguments {
    @Option(name: .customLong("max-workers"), help: "At most this many tasks at once; @resources (1 core per task by default) and the machine's cores and memory limit them too.")
    var maxWorkers: Int?

    @Option(name: .customLong("tag"), help: "A tag for the run (repeatable).")
    var tags: [String] = []

    @Option(name: .customLong("with"), help: ArgumentHelp(
        "A decorator for every step that has none of its kind (repeatable), e.g. retry, retry:times=2, timeout:seconds=30.",
        valueName: "DECORATOR[:NAME=VALUE,...]"))
    var injections: [String] = []

    func validate() throws {
        if let maxWorkers, maxWorkers < 1 { throw CommandFailure("--max-workers must be at least 1") }
    }
}

/// Runs the request to its end with live output, reports how it ended on
/// stderr, and leaves with the run's exit status: 0 succeeded, 1 failed,
/// 128 + the signal when cancelled (130 for Ctrl-C, 143 for SIGTERM).
///
/// A request that already has its code package (a queued run of a deployment) keeps it.
/// The trigger service is woken when the run ends: a success may trigger other flows, and
/// the end frees a place for the deployment's queued runs.
func launchRun(graph: FlowGraph, request: RunRequest, journal: MetadataStore, layout: StoreLayout,
               options: RunCommandOptions, environment: [String: String]? = nil) throws {
    var request = request
    if request.codeHash == nil {
        request.codeHash = try storeCodePackage(flowFile: graph.spec.file, layout: layout)
    }
    let console = LiveConsole(graph: graph)
    var runOptions = RunOptions(maxWorkers: options.maxWorkers, livePrinter: console.printer, handlesSignals: true,
                                watchdogCommand: WatchdogCommand.command)
    runOptions.environment = environment
    let coordinator = try RunCoordinator(graph: graph, request: request, journal: console.journal(recordingInto: journal),
                                         layout: layout, ingester: ObjectStore(layout: layout), options: runOptions)
    let result: RunResult
    do {
        result = try coordinator.run()
    } catch {
        DaemonWakeup.notify(layout: layout)
        throw error
    }
    console.finish()
    DaemonWakeup.notify(layout: layout)
    report(result, flow: request.flow, graph: graph, origin: request.originRunID)
    switch result.status {
    case .succeeded: return
    case .cancelled: throw ExitCode(128 + (result.cancellingSignal ?? SIGINT))
    default: throw ExitCode(1)
    }
}

private func report(_ result: RunResult, flow: String, graph: FlowGraph, origin: RunID?) {
    var lines: [String] = []
    for failure in result.failures {
        lines.append("Step '\(failure.step)'\(stepLocation(failure.step, in: graph)) failed: \(failure)")
        if case .crashed(SIGKILL) = failure.failure {
            lines.append(memoryHint(failure, graph: graph))
        }
        if case let .stepRaised(_, _, _, traceback, _) = failure.failure, !traceback.isEmpty {
            lines.append(traceback.hasSuffix("\n") ? String(traceback.dropLast()) : traceback)
        }
    }
    for caught in result.caught {
        lines.append("Step '\(caught.step)' failed and @catch let the run go on: \(caught)")
    }
    if let note = result.note { lines.append(note) }
    var summary = "Run \(flow)/\(result.runID) \(result.status.rawValue): \(result.taskCount) tasks"
    if let origin { summary += " (\(result.clonedCount) cloned from run \(origin))" }
    lines.append(summary + ".")
    FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
}

/// For a worker killed by a SIGKILL Braid did not send: what it used and what it declared.
private func memoryHint(_ failure: TaskFailureReport, graph: FlowGraph) -> String {
    let used = failure.peakMemoryMB.map { "Its processes held up to \($0) MB (sampled each second). " } ?? ""
    let declared = graph.step(named: failure.step)?.resources?.memoryMB
    return used + (declared.map { "The step declared @resources(memory=\($0)) (MB); if it needs more, declare more." }
        ?? "The step declares no memory; @resources(memory=MB) tells Braid what it needs, so that tasks that do not fit together do not run together.")
}
