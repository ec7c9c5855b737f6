import ArgumentParser
import BraidCore
import Foundation

/// `braid flow check|show|run`: what the clients call with the flow spec they built.
struct FlowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flow",
        abstract: "Validate, show or run a flow spec made by a Python or R client.",
        subcommands: [FlowCheck.self, FlowShow.self, FlowRun.self]
    )
}

/// The `--spec FILE` option shared by the flow subcommands (`-` reads stdin).
struct SpecOption: ParsableArguments {
    @Option(help: "The flow spec JSON file, or - for standard input.")
    var spec: String

    /// Reads and validates the spec; problems go to stderr and end the command with status 1.
    func loadGraph() throws -> (FlowGraph, FlowSpec) {
        let data: Data
        if spec == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let read = FileManager.default.contents(atPath: spec) else {
                throw CommandFailure("cannot read the flow spec \(spec)")
            }
            data = read
        }
        let flowSpec: FlowSpec
        do {
            flowSpec = try FlowSpec.decode(json: data)
        } catch {
            throw CommandFailure("\(error)")
        }
        do {
            return (try FlowGraph(validating: flowSpec), flowSpec)
        } catch {
            throw CommandFailure("\(error)")
        }
    }
}

struct FlowCheck: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Validate a flow spec; print every problem.")
    @OptionGroup var specOption: SpecOption

    func run() throws {
        let (graph, _) = try specOption.loadGraph()
        print("The graph of \(graph.spec.flow) looks good: \(graph.stepNames.count) steps.")
    }
}

struct FlowShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print a flow's graph.")
    @OptionGroup var specOption: SpecOption

    func run() throws {
        let (graph, _) = try specOption.loadGraph()
        print(graph.text, terminator: graph.text.hasSuffix("\n") ? "" : "\n")
    }
}

struct FlowRun: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run a flow.")
    @OptionGroup var specOption: SpecOption

    @Option(help: "Parameter values as a JSON object, already type-checked by the client.")
    var parameters: String = "{}"

    @Option(name: .customLong("max-workers"), help: "How many tasks may run at once (default: the number of cores).")
    var maxWorkers: Int?

    @Option(name: .customLong("tag"), help: "A tag for the run (repeatable).")
    var tags: [String] = []

    func run() throws {
        let (graph, spec) = try specOption.loadGraph()
        let layout = StoreLayout.fromEnvironment()
        if specOption.spec.hasPrefix(layout.spoolDirectory + "/") {
            // The client wrote the spec into the spool for this run alone (docs/flow-spec.md).
            try? FileManager.default.removeItem(atPath: specOption.spec)
        }
        guard case .object(let values)? = try? JSONValue.parse(parameters) else {
            throw CommandFailure("--parameters must be a JSON object, got: \(parameters)")
        }
        if let maxWorkers, maxWorkers < 1 { throw CommandFailure("--max-workers must be at least 1") }
        try layout.createDirectories()
        let journal = try MetadataStore(layout: layout)
        var request = RunRequest(spec: spec, parameters: values.filter { $0.value != .null }, user: currentUser(),
                                 userTags: tags)
        request.codeHash = try storeCodePackage(flowFile: spec.file, layout: layout)
        let console = LiveConsole(graph: graph)
        let options = RunOptions(maxWorkers: maxWorkers, livePrinter: console.printer, handlesSignals: true)
        let coordinator = try RunCoordinator(graph: graph, request: request, journal: console.journal(recordingInto: journal),
                                             layout: layout, ingester: ObjectStore(layout: layout), options: options)
        let result = try coordinator.run()
        console.finish()
        report(result, flow: spec.flow)
        switch result.status {
        case .succeeded: return
        case .cancelled: throw ExitCode(130)
        default: throw ExitCode(1)
        }
    }

    private func report(_ result: RunResult, flow: String) {
        var lines: [String] = []
        for failure in result.failures {
            lines.append("Step '\(failure.step)' failed: \(failure)")
            if case let .stepRaised(_, _, _, traceback, _) = failure.failure, !traceback.isEmpty {
                lines.append(traceback.hasSuffix("\n") ? String(traceback.dropLast()) : traceback)
            }
        }
        if let note = result.note { lines.append(note) }
        lines.append("Run \(flow)/\(result.runID) \(result.status.rawValue): \(result.taskCount) tasks.")
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }
}

/// An error that ends a command with a message on stderr and status 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

/// The user runs belong to: `BRAID_USER`, else `USER`, else the account name
/// (the same order as both clients, so they see the runs they start).
func currentUser() -> String {
    let env = ProcessInfo.processInfo.environment
    for key in ["BRAID_USER", "USER"] {
        if let name = env[key], !name.isEmpty { return name }
    }
    if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
    return "unknown"
}
