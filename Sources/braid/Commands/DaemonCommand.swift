import ArgumentParser
import BraidCore
import Foundation

/// `braid daemon`: the trigger service (docs/triggers.md).
struct DaemonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon",
        abstract: "Run the trigger service: start deployed flows when their events arrive or schedules tick.",
        discussion: """
            Runs in the foreground and logs to standard error; SIGTERM or Ctrl-C stops it. Runs it started keep going \
            (each is its own engine process) and a restarted service picks up where it stopped. See docs/triggers.md.
            """)

    @Flag(help: "If another service serves the store, wait and take over when it stops (instead of exiting).")
    var standby = false

    @Option(name: .customLong("check-interval"), help: "Seconds between checks of the store when no wake-up comes.")
    var checkInterval: Double = 5

    func run() throws {
        guard checkInterval > 0, checkInterval <= 3600 else { throw CommandFailure("--check-interval must be between 0 and 3600 seconds") }
        let layout = StoreLayout.fromEnvironment()
        let store: MetadataStore
        do {
            try layout.createDirectories()
            store = try MetadataStore(layout: layout)
        } catch {
            throw CommandFailure("the trigger service cannot open the store at \(layout.root): \(error)")
        }
        let options = TriggerService.Options(executable: WatchdogCommand.command.executable,
                                             checkInterval: .milliseconds(Int64(checkInterval * 1000)), standby: standby)
        let service = TriggerService(layout: layout, store: store, options: options, log: Self.log)
        do {
            try service.run()
        } catch let error as DaemonError {
            throw CommandFailure("\(error)")
        }
    }

    /// `2026-12-08T10:15:00.123Z braid daemon: message` on stderr.
    static func log(_ message: String) {
        let stamp = Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true))
        FileHandle.standardError.write(Data("\(stamp) braid daemon: \(message)\n".utf8))
    }
}

/// `braid _run-queued RUN`: the trigger service starts one of these per queued run. Not for people to type.
struct RunQueuedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "_run-queued", abstract: "Run a run the trigger service queued (started by the service).", shouldDisplay: false)

    @Argument(help: "The queued run's id.") var runID: RunID

    func run() throws {
        let run = runID
        let layout = StoreLayout.fromEnvironment()
        let store = try MetadataStore(layout: layout)
        guard let record = try store.run(id: run) else { throw CommandFailure("there is no run \(run) in \(layout.root)") }
        guard record.status == .pending, !RunLock.isHeld(layout: layout, run: run) else {
            let why = record.status == .pending ? "is held by another engine" : "is already \(record.status.rawValue)"
            FileHandle.standardError.write(Data("braid: run \(record.pathspec) \(why); nothing to do\n".utf8))
            throw ExitCode(TriggerService.runTakenExitStatus)
        }
        do {
            let spec = try FlowSpec.decode(json: record.specJSON)
            let graph = try FlowGraph(validating: spec)
            let context = try store.queuedRunContext(run: run)
            var request = RunRequest(flow: record.flow, specJSON: record.specJSON, interpreters: spec.interpreters,
                                     parameters: record.parameters, user: record.user)
            request.codeHash = record.codeHash
            request.queuedRunID = run
            request.triggerJSON = context.trigger
            var environment = ProcessInfo.processInfo.environment
            for (name, value) in context.environment { environment[name] = value }
            try launchRun(graph: graph, request: request, journal: store, layout: layout, options: try RunCommandOptions.parse([]),
                          environment: environment)
        } catch let exit as ExitCode {
            throw exit
        } catch let error as SystemError where error.code == EWOULDBLOCK && error.operation == "flock \(RunLock.path(layout: layout, run: run))" {
            // Another process had the run's lock as this one took it: an engine, or one checking for an engine.
            // Not a failure of the run: it is left as it is, and the service starts it again if it is still pending.
            FileHandle.standardError.write(Data("braid: run \(record.pathspec) was being taken by another process; nothing to do\n".utf8))
            throw ExitCode(TriggerService.runTakenExitStatus)
        } catch {
            // Failed before it started: say so in the store, unless another engine holds the run.
            if let lock = try? RunLock.acquire(layout: layout, run: run) {
                try? store.failQueuedRun(run, note: "not started: \(error)")
                lock.release()
            }
            DaemonWakeup.notify(layout: layout)
            throw error
        }
    }
}
