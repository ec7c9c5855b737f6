import Foundation
import Glibc

/// Starting worker processes: forked from a language's fork server when it has
/// one, spawned otherwise.
extension RunCoordinator {
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
        // Only for the standard workers (a configured worker command has no server), unless turned off.
        guard options.usesForkServers, baseEnvironment["BRAID_FORK_SERVER"] != "0", !forkServerless.contains(language),
              options.workerCommands[language] == nil, let interpreter = commands[language]?.executable,
              // The flow file is loaded once in the server when it is in this language.
              let command = WorkerCommand.forkServer(language: language, interpreter: interpreter,
                                                     flowFile: graph.spec.language == language ? graph.spec.file : nil)
        else { return nil }
        do {
            let server = try ForkServer.start(command, environment: baseEnvironment)
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
