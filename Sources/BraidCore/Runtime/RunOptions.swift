import Foundation

/// How the coordinator runs a flow.
public struct RunOptions {
    /// The most workers running at once (the machine's processor count by default).
    public var maxWorkers: Int
    /// Where task output is shown live; nil shows nothing (it is still kept in the log files).
    public var livePrinter: (any LiveOutputPrinter)?
    /// Whether SIGINT and SIGTERM cancel the run (the CLI's choice; the handlers are process-wide).
    public var handlesSignals: Bool
    /// Between SIGTERM and SIGKILL when a worker is stopped.
    public var terminationGrace: Duration
    /// How long a worker may take to exit after `done` or `error` (or after closing fd 4)
    /// before it is stopped.
    public var exitGrace: Duration
    /// Commands to run workers with, by language, instead of the standard ones
    /// (a development checkout of a client, or a test's fake worker).
    public var workerCommands: [String: WorkerCommand]
    /// The environment workers start from; the engine's own when nil.
    public var environment: [String: String]?
    /// The cores and memory running tasks may claim in all (``ResourceBudget``): the machine's by default.
    public var capacity: ResourceAmount
    /// How to start the watchdog that stops the workers if the engine dies (``Watchdog``); nil for none.
    public var watchdogCommand: WorkerCommand?
    /// Whether Python workers are forked from a fork server (``ForkServer``) rather than
    /// spawned one by one. Languages given in `workerCommands` are always spawned, and
    /// `BRAID_FORK_SERVER=0` in the environment turns it off.
    public var usesForkServers = true

    /// Options with defaults: a worker per processor, no live output, no signal handling, 5 s and 10 s graces.
    public init(maxWorkers: Int? = nil, livePrinter: (any LiveOutputPrinter)? = nil,
                handlesSignals: Bool = false, terminationGrace: Duration = .seconds(5), exitGrace: Duration = .seconds(10),
                workerCommands: [String: WorkerCommand] = [:], environment: [String: String]? = nil,
                capacity: ResourceAmount? = nil, watchdogCommand: WorkerCommand? = nil) {
        self.maxWorkers = maxWorkers ?? ProcessInfo.processInfo.activeProcessorCount
        self.livePrinter = livePrinter
        self.handlesSignals = handlesSignals
        self.terminationGrace = terminationGrace
        self.exitGrace = exitGrace
        self.workerCommands = workerCommands
        self.environment = environment
        self.capacity = capacity ?? .machine()
        self.watchdogCommand = watchdogCommand
    }

    /// Shows task output on the engine's stderr, prefixed `[FLOW/RUN/STEP/TASK]` and timestamped.
    public static func consoleOutput() -> any LiveOutputPrinter { ConsolePrinter() }
}
