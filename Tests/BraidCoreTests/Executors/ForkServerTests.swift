import Foundation
import Glibc
import Testing
@testable import BraidCore

extension ExecutorsTests {
    /// The real Python fork server (bindings/python), driven by the engine's side of it.
    @Suite struct ForkServerTests {
        static let pythonPackage = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("bindings/python/src").path

        private func environment() -> [String: String] {
            var env = ProcessInfo.processInfo.environment
            env["BRAID_WORKER"] = "1"
            env["BRAID_PROTOCOL_FDS"] = "3,4"
            env["PYTHONPATH"] = Self.pythonPackage
            return env
        }

        private func server(preload: [String] = []) throws -> ForkServer {
            try ForkServer.start(WorkerCommand(executable: FakeWorker.python, arguments: ["-u", "-m", "braid._forkserver"] + preload),
                                 environment: environment())
        }

        /// Rscript, when its braid package has the fork server (R_LIBS may name a library that has it).
        static let rscript: String? = {
            guard let rscript = try? InterpreterLocator().interpreter(for: "r") else { return nil }
            let probe = Process()
            probe.executableURL = URL(fileURLWithPath: rscript)
            probe.arguments = ["--vanilla", "-e", "quit(status = !exists('fork_server_main', asNamespace('braid')))"]
            probe.standardError = FileHandle.nullDevice
            guard (try? probe.run()) != nil else { return nil }
            probe.waitUntilExit()
            return probe.terminationStatus == 0 ? rscript : nil
        }()

        @Test func forksWorkersThatAreTheEnginesOwnChildren() throws {
            let dir = try TemporaryDirectory()
            let file = dir.path + "/steps.py"
            try "import os\ndef start(self):\n    self.pid = os.getpid()\n".write(toFile: file, atomically: true, encoding: .utf8)
            let server = try server(preload: [file])
            defer { server.shutdown() }
            try runTasksInForkedWorkers(of: server, file: file, dir: dir)
        }

        @Test(.enabled(if: rscript != nil, "needs Rscript and a braid R package with the fork server"))
        func forksRWorkersThatAreTheEnginesOwnChildren() throws {
            let dir = try TemporaryDirectory()
            let file = dir.path + "/steps.R"
            try "start <- function(self) self$pid <- Sys.getpid()\n".write(toFile: file, atomically: true, encoding: .utf8)
            let command = try #require(WorkerCommand.forkServer(language: "r", interpreter: Self.rscript!, flowFile: file))
            let server = try ForkServer.start(command, environment: environment())
            defer { server.shutdown() }
            try runTasksInForkedWorkers(of: server, file: file, dir: dir)
        }

        @Test func eachLanguageNamesItsServerCommand() {
            #expect(WorkerCommand.forkServer(language: "python", interpreter: "/py", flowFile: "/f.py")?.description
                    == "/py -u -m braid._forkserver /f.py")
            #expect(WorkerCommand.forkServer(language: "r", interpreter: "/Rscript", flowFile: nil)?.description
                    == "/Rscript --vanilla -e braid:::fork_server_main()")
            #expect(WorkerCommand.forkServer(language: "julia", interpreter: "/julia", flowFile: nil) == nil)
        }

        /// Two tasks, each in a worker of its own that the engine waits for.
        private func runTasksInForkedWorkers(of server: ForkServer, file: String, dir: TemporaryDirectory) throws {
            for round in 1...2 {
                let process = try server.fork(environment: environment())
                #expect(getpgid(process.pid) == process.pid, "round \(round): its own process group")
                #expect(process.exitFD >= 0)
                let task = TaskMessage(flow: "F", runID: "1", step: "start", taskID: "\(round)", attempt: 0,
                                       pathspec: "F/1/start/\(round)", file: file, function: "start", join: false,
                                       parameters: [:], artifacts: [:], foreach: nil, inputs: nil, spool: dir.path,
                                       username: "test", retryCount: 0, next: DeclaredTransition(steps: ["end"], foreach: nil))
                let messages = try exchange(task, with: process)
                #expect(messages.first?.type == "hello" && messages.last == .done, "\(messages)")
                process.close(.toWorker)
                #expect(process.reap(blocking: true) == .exited(0), "waitpid works: the worker is the engine's child")
            }
        }

        @Test func aServerThatDiesMakesForkThrow() throws {
            let server = try ForkServer.start(WorkerCommand(executable: "/bin/sh", arguments: ["-c", "exit 0"]), environment: [:])
            #expect(throws: ForkServerError.self) { _ = try server.fork(environment: [:]) }
            #expect(!server.isUsable)
        }

        @Test func reapsOrphansButNotKnownChildren() throws {
            #expect(SystemCalls.becomeChildSubreaper())
            let dir = try TemporaryDirectory()
            // A shell that leaves an orphan behind: the orphan becomes this process's child.
            let shell = try WorkerProcess.spawn(WorkerCommand(executable: "/bin/sh", arguments: ["-c", "sleep 0.2 & echo $! > \(dir.path)/orphan; exit 0"]),
                                                environment: [:])
            #expect(shell.reap(blocking: true) == .exited(0))
            let orphan = try #require(Int32(try String(contentsOfFile: dir.path + "/orphan", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
            usleep(600_000)  // it has exited: a zombie until someone reaps it
            SystemCalls.reapOrphans(known: [])
            #expect(kill(orphan, 0) == -1 && errno == ESRCH, "the orphan was reaped")

            let known = try WorkerProcess.spawn(WorkerCommand(executable: "/bin/sh", arguments: ["-c", "exit 4"]), environment: [:])
            usleep(200_000)
            SystemCalls.reapOrphans(known: [known.pid])
            #expect(known.reap(blocking: true) == .exited(4), "a known child's status is left for its owner")
        }
    }
}
