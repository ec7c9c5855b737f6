import ArgumentParser
import BraidCore
import Foundation

/// `braid flow deploy --spec FILE`: stores the flow's code and spec as the
/// next version of its deployment, for the trigger service (docs/triggers.md).
struct FlowDeploy: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy", abstract: "Deploy a flow: its triggers start runs of this code from now on.")
    @OptionGroup var specOption: SpecOption

    /// Variables a run's engine needs to find what the deploying client found.
    static let carriedVariables = ["PYTHONPATH", "R_LIBS", "R_LIBS_USER"]

    func run() throws {
        let (_, spec) = try specOption.loadGraph()
        let layout = StoreLayout.fromEnvironment()
        specOption.removeSpoolFile(layout: layout)
        try layout.createDirectories()
        let store = try MetadataStore(layout: layout)

        var waitsOn = try store.finishEdges()
        waitsOn[spec.flow] = spec.triggers.filter { $0.knownKind == .runFinished }.flatMap { $0.flows ?? [] }
        if let cycle = FinishLoops.cycle(through: spec.flow, waitsOn: waitsOn) {
            throw CommandFailure("cannot deploy \(spec.flow): its @trigger_on_finish makes a loop (\(FinishLoops.describe(cycle))); "
                + "each run would start the next without end. Remove one of them, or undeploy \(cycle.dropFirst().joined(separator: ", ")) first")
        }

        let hash = try storeCodePackage(flowFile: spec.file, layout: layout)
        let directory = try DeployedCode.extract(hash: hash, flow: spec.flow, layout: layout)
        let deployedSpec = DeployedCode.relocate(spec, to: directory)
        let environment = ProcessInfo.processInfo.environment.filter { Self.carriedVariables.contains($0.key) }
        let record = try store.deploy(NewDeployment(spec: deployedSpec, codeHash: hash, codeDirectory: directory,
                                                    environment: environment, user: currentUser()))
        print(try DeploymentText.deployed(record, spec: deployedSpec, store: store))
    }
}

/// `braid undeploy FLOW`.
struct UndeployCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "undeploy", abstract: "Stop a deployed flow from being triggered.")
    @Argument(help: "The flow's name.") var flow: String

    func run() throws {
        let layout = StoreLayout.fromEnvironment()
        let store = try MetadataStore(layout: layout)
        let cancelled: Int
        do {
            cancelled = try store.undeploy(flow: flow)
        } catch let error as MetadataError where error.code == .notFound {
            throw CommandFailure("cannot undeploy: \(error.description)")
        }
        DaemonWakeup.notify(layout: layout)
        print("Undeployed \(flow): nothing triggers it any more."
            + (cancelled > 0 ? " \(cancelled) run\(cancelled == 1 ? "" : "s") waiting to start cancelled." : ""))
    }
}

/// `braid deployments`: what is deployed and how it is doing.
struct DeploymentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "deployments", abstract: "List deployed flows.")
    @Flag(help: "One JSON object per line.") var json = false

    func run() throws {
        let layout = StoreLayout.fromEnvironment()
        guard FileManager.default.fileExists(atPath: layout.databasePath) else {
            if !json { print("No deployments in \(layout.root).") }
            return
        }
        let summaries = try MetadataStore(layout: layout).deployments()
        if json {
            for summary in summaries { print(DeploymentText.json(summary).jsonText) }
            return
        }
        guard !summaries.isEmpty else {
            print("No deployments. Deploy a flow with `python flow.py deploy` or `Rscript flow.R deploy`.")
            return
        }
        var rows = [["FLOW", "VERSION", "STATUS", "TRIGGERS", "LAST RUN", "QUEUE"]]
        for summary in summaries {
            let deployment = summary.deployment
            let triggers = ((try? deployment.spec).map(TriggerCondition.conditions(of:)) ?? []).map(\.summary).joined(separator: "; ")
            let last = summary.lastRunID.map { "\(deployment.flow)/\($0) \(summary.lastRunStatus?.rawValue ?? "")" } ?? "-"
            rows.append([deployment.flow, String(deployment.version), deployment.active ? "active" : "undeployed", triggers, last,
                         "\(summary.runningRuns) running, \(summary.pendingRuns) waiting"])
        }
        print(alignedColumns(rows))
    }
}

/// `braid trigger FLOW`: queue a run of a deployed flow now.
struct TriggerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trigger", abstract: "Start a deployed flow now, through the trigger service.",
        discussion: "The payload fills parameters as an event's would: --payload JSON and/or KEY=VALUE pairs.")
    @Argument(help: "The deployed flow.") var flow: String
    @OptionGroup var payload: PayloadOptions

    func run() throws {
        let fields = try payload.fields(failing: "cannot trigger \(flow)")
        let layout = StoreLayout.fromEnvironment()
        let claimed: ClaimedRun
        do {
            claimed = try MetadataStore(layout: layout).queueManualRun(flow: flow, payload: fields, user: currentUser())
        } catch let error as MetadataError where error.code == .notFound {
            throw CommandFailure("cannot trigger: \(error.description)")
        }
        DaemonWakeup.notify(layout: layout)
        if let note = claimed.note { throw CommandFailure("\(flow)/\(claimed.run) \(note)") }
        print("Queued \(flow)/\(claimed.run); the trigger service (braid daemon) starts it.")
    }
}
