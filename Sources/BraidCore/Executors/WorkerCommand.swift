/// What to execute for a worker: the interpreter and its arguments.
public struct WorkerCommand: Hashable, Sendable, CustomStringConvertible {
    /// An absolute path (a bare name is looked up on PATH by posix_spawnp).
    public var executable: String
    /// The arguments after the executable.
    public var arguments: [String]

    /// Creates a command.
    public init(executable: String, arguments: [String] = []) {
        self.executable = executable
        self.arguments = arguments
    }

    /// The command docs/protocol.md gives for a language's worker, or nil for a
    /// language the engine has no worker for.
    ///
    /// - python: `<python> -u -m braid._worker`
    /// - r: `<Rscript> --vanilla -e 'braid:::worker_main()'`
    public static func standard(language: String, interpreter: String) -> WorkerCommand? {
        switch language {
        case "python": WorkerCommand(executable: interpreter, arguments: ["-u", "-m", "braid._worker"])
        case "r": WorkerCommand(executable: interpreter, arguments: ["--vanilla", "-e", "braid:::worker_main()"])
        default: nil
        }
    }

    /// The command of a language's fork server (docs/protocol.md), or nil for a
    /// language without one.
    ///
    /// - python: `<python> -u -m braid._forkserver [FLOW_FILE]`
    /// - r: `<Rscript> --vanilla -e 'braid:::fork_server_main()' [FLOW_FILE]`
    ///
    /// - Parameter flowFile: the flow file the server loads once for every worker,
    ///   when the flow is written in this language.
    public static func forkServer(language: String, interpreter: String, flowFile: String?) -> WorkerCommand? {
        let preload = flowFile.map { [$0] } ?? []
        return switch language {
        case "python": WorkerCommand(executable: interpreter, arguments: ["-u", "-m", "braid._forkserver"] + preload)
        case "r": WorkerCommand(executable: interpreter, arguments: ["--vanilla", "-e", "braid:::fork_server_main()"] + preload)
        default: nil
        }
    }

    /// The command line, space-separated.
    public var description: String { ([executable] + arguments).joined(separator: " ") }
}

/// A worker could not be started: the executable and the spawn error.
public struct WorkerSpawnError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The executable that could not be started.
    public let executable: String
    /// Why (`posix_spawn`'s error, or a pipe that could not be made).
    public let error: SystemError

    /// "could not start the worker '/x': posix_spawn: No such file or directory".
    public var description: String { "could not start the worker '\(executable)': \(error)" }
}
