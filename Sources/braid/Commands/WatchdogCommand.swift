import ArgumentParser
import BraidCore
import Foundation

/// `braid _watchdog`: the engine starts this during a run; it stops the run's
/// workers if the engine dies (``Watchdog``). Not for people to type.
struct WatchdogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "_watchdog", abstract: "Stop a run's workers when its engine dies (started by the engine).",
        shouldDisplay: false)

    func run() throws {
        Watchdog.ignoreTerminalSignals()
        let outcome = Watchdog.serve(input: 3)
        // The engine records every run it finishes; a run it left unfinished is recorded here.
        guard let run = outcome.run else { return }
        let layout = StoreLayout.fromEnvironment()
        guard FileManager.default.fileExists(atPath: layout.databasePath) else { return }
        try MetadataStore(layout: layout).markAbandoned(run: run)
    }

    /// How the engine starts it: this same executable.
    static var command: WorkerCommand {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return WorkerCommand(executable: executable, arguments: ["_watchdog"])
    }
}
