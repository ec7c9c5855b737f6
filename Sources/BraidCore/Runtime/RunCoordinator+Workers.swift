import Foundation
import Glibc

/// Starting worker processes: forked from a language's fork server when it has
/// one, spawned otherwise.
extension RunCoordinator {
    /// Languages with a fork server: the standard Python worker, unless turned off.
    static let forkServerModules = ["python": "braid._forkserver"]

    /// A new worker for a task of `language`.
    func launchWorker(language: String, environment: [String: String]) throws -> WorkerProcess {
        if let server = forkServer(for: language) {
            do {
                return try server.fork(environment: environment)
            } catch {
                abandonForkServer(language, because: "\(error)")
            }
        }
        return try WorkerProcess.spawn(commands[language]!, environment: environment)
    }

    /// Starts the language's fork server now, if it has one, rather than at its first task.
    func warmUpForkServer(for language: String) {
        _ = forkServer(for: language)
    }

    /// The running fork server of a language, started on first use.
    private func forkServer(for language: String) -> ForkServer? {
        if let server = forkServers[language] { return server.isUsable ? server : nil }
        guard options.usesForkServers, baseEnvironment["BRAID_FORK_SERVER"] != "0", !forkServerless.contains(language),
              options.workerCommands[language] == nil, let module = Self.forkServerModules[language],
              let interpreter = commands[language]?.executable else { return nil }
        // The flow file is loaded once in the server when it is in this language.
        let preload = graph.spec.language == language ? [graph.spec.file] : []
        do {
            let server = try ForkServer.start(WorkerCommand(executable: interpreter, arguments: ["-u", "-m", module] + preload),
                                              environment: baseEnvironment)
            forkServers[language] = server
            adoptsOrphans = true
            return server
        } catch {
            abandonForkServer(language, because: "\(error)")
            return nil
        }
    }

    /// From now on this run spawns the language's workers one by one.
    private func abandonForkServer(_ language: String, because reason: String) {
        forkServers.removeValue(forKey: language)?.shutdown()
        forkServerless.insert(language)
        FileHandle.standardError.write(Data("braid: the \(language) fork server failed (\(reason)); starting workers directly\n".utf8))
    }

    /// Reaps processes a worker left behind that were re-parented to the engine
    /// (it is a child subreaper once it runs a fork server).
    func reapOrphans() {
        guard adoptsOrphans else { return }
        let children = attempts.map(\.worker.process.pid) + forkServers.values.map(\.pid) + [watchdog?.pid].compactMap { $0 }
        SystemCalls.reapOrphans(known: Set(children))
    }

    func stopForkServers() {
        for server in forkServers.values { server.shutdown() }
        forkServers = [:]
    }
}
