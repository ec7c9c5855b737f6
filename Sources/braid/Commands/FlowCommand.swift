import ArgumentParser
import BraidCore
import Foundation

/// `braid flow check|show|run|resume`: what the clients call with the flow spec they built.
struct FlowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flow",
        abstract: "Validate, show, run, resume or deploy a flow spec made by a Python or R client.",
        subcommands: [FlowCheck.self, FlowShow.self, FlowRun.self, FlowResume.self, FlowDeploy.self]
    )
}

/// The `--spec FILE` option shared by the flow subcommands (`-` reads stdin).
struct SpecOption: ParsableArguments {
    @Option(help: "The flow spec JSON file, or - for standard input.")
    var spec: String

    /// Reads the spec, adds the `--with` decorators, and validates it; problems go to stderr and end the command with status 1.
    func loadGraph(with injections: [String] = []) throws -> (FlowGraph, FlowSpec) {
        let data: Data
        if spec == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let read = FileManager.default.contents(atPath: spec) else {
                throw CommandFailure("cannot read the flow spec \(spec)")
            }
            data = read
        }
        var flowSpec: FlowSpec
        do {
            flowSpec = try FlowSpec.decode(json: data)
            flowSpec = flowSpec.injecting(try injections.map { text throws(DecoratorInjectionError) in try DecoratorInjection(parsing: text) })
        } catch {
            throw CommandFailure("\(error)")
        }
        do {
            return (try FlowGraph(validating: flowSpec), flowSpec)
        } catch {
            throw CommandFailure("\(error)")
        }
    }

    /// Deletes the spec when the client wrote it into the store's spool for this run alone (docs/flow-spec.md).
    func removeSpoolFile(layout: StoreLayout) {
        if spec.hasPrefix(layout.spoolDirectory + "/") {
            try? FileManager.default.removeItem(atPath: spec)
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
    @OptionGroup var runOptions: RunCommandOptions

    @Option(help: "Parameter values as a JSON object, already type-checked by the client.")
    var parameters: String = "{}"

    @Option(name: .customLong("trigger-event"), help: "Run as if this event had arrived (current.trigger is set; nothing else is triggered).")
    var triggerEvent: String?

    @Option(help: "With --trigger-event: the event's payload, a JSON object.")
    var payload: String?

    func run() throws {
        let (graph, spec) = try specOption.loadGraph(with: runOptions.injections)
        let layout = StoreLayout.fromEnvironment()
        specOption.removeSpoolFile(layout: layout)
        guard case .object(let values)? = try? JSONValue.parse(parameters) else {
            throw CommandFailure("--parameters must be a JSON object, got: \(parameters)")
        }
        try runOptions.validate()
        if payload != nil && triggerEvent == nil { throw CommandFailure("--payload goes with --trigger-event NAME") }
        try layout.createDirectories()
        let journal = try MetadataStore(layout: layout)
        var request = RunRequest(spec: spec, parameters: values.filter { $0.value != .null }, user: currentUser(),
                                 userTags: runOptions.tags)
        if let triggerEvent {
            try LocalTrigger.apply(event: triggerEvent, payload: payload, spec: spec, to: &request, store: journal)
        }
        try launchRun(graph: graph, request: request, journal: journal, layout: layout, options: runOptions)
    }
}

struct FlowResume: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Resume a run: reuse its succeeded tasks, rerun from the failed (or named) step.")
    @OptionGroup var specOption: SpecOption
    @OptionGroup var runOptions: RunCommandOptions

    @Argument(help: "The step to rerun from, with every step after it (default: what failed).")
    var step: String?

    @Option(name: .customLong("origin-run-id"), help: "The run to resume (default: your latest run of the flow).")
    var originRunID: RunID?

    func run() throws {
        let (graph, spec) = try specOption.loadGraph(with: runOptions.injections)
        let layout = StoreLayout.fromEnvironment()
        specOption.removeSpoolFile(layout: layout)
        try runOptions.validate()
        try layout.createDirectories()
        let journal = try MetadataStore(layout: layout)
        let user = currentUser()
        let (plan, origin): (ResumePlan, RunRecord)
        do {
            (plan, origin) = try journal.resumePlan(for: graph, selection: ResumeSelection(originRunID: originRunID, step: step, user: user),
                                                    layout: layout)
        } catch let error as ResumeError {
            throw CommandFailure("\(error)")
        }
        // The origin's values; a parameter the code added since takes its default.
        var parameters = origin.parameters
        for parameter in spec.parameters where parameters[parameter.name] == nil {
            if let value = parameter.default { parameters[parameter.name] = value }
        }
        var request = RunRequest(spec: spec, parameters: parameters, user: user, userTags: runOptions.tags)
        request.originRunID = origin.id
        request.resume = plan
        // A resumed run sees what its origin saw: current.trigger, and the origin's triggering events.
        if let trigger = try journal.runTrigger(run: origin.id) {
            request.trigger = RunTrigger(type: trigger.type, eventIDs: trigger.events.map(\.id),
                                         depth: trigger.events.map(\.depth).max() ?? 0)
            request.triggerJSON = trigger.json
        }
        let from = step.map { " from step '\($0)'" } ?? ""
        FileHandle.standardError.write(Data(
            "Resuming \(origin.pathspec) (\(origin.status.rawValue))\(from): \(plan.reusableTaskCount) succeeded tasks may be reused.\n".utf8))
        try launchRun(graph: graph, request: request, journal: journal, layout: layout, options: runOptions)
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
