import ArgumentParser

/// The `braid` command line: a thin layer over the engine libraries.
@main
struct Braid: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "braid",
        abstract: "Run and inspect data-science workflows written in Python and R.",
        subcommands: [
            FlowCommand.self, RunsCommand.self, ShowCommand.self, LogsCommand.self,
            APICommand.self, ArrowCommand.self, CodeCommand.self, TagCommand.self, EventCommand.self, TableCommand.self,
            UndeployCommand.self, DeploymentsCommand.self, TriggerCommand.self, DaemonCommand.self, WatchdogCommand.self,
            RunQueuedCommand.self,
        ]
    )
}
