import Foundation
import Glibc
import Testing
@testable import BraidCore

extension ExecutorsTests {
    @Suite struct WorkerProcessTests {
        private func converse(_ process: WorkerProcess, _ task: TaskMessage) throws -> [WorkerMessage] {
            try exchange(task, with: process)
        }

        private func task(_ function: String, file: String, spool: String) -> TaskMessage {
            TaskMessage(flow: "F", runID: "1", step: function, taskID: "2", attempt: 0, pathspec: "F/1/\(function)/2",
                        file: file, function: function, join: false, parameters: [:], artifacts: [:], foreach: nil,
                        inputs: nil, spool: spool, username: "test", retryCount: 0)
        }

        private func environment() -> [String: String] {
            var env = ProcessInfo.processInfo.environment
            env["BRAID_WORKER"] = "1"
            env["BRAID_PROTOCOL_FDS"] = "3,4"
            return env
        }

        @Test func givesTheWorkerExactlyFiveDescriptorsAndItsOwnGroup() throws {
            let dir = try TemporaryDirectory()
            let trace = try dir.subdirectory("trace")
            let script = try dir.writeJSON("flow.json", ["trace_dir": trace, "steps": ["start": [:]]])
            // An inheritable descriptor in the engine must not reach the worker.
            let leaked = open("/dev/null", O_RDONLY)
            defer { close(leaked) }
            let process = try WorkerProcess.spawn(FakeWorker.command, environment: environment())
            let messages = try converse(process, task("start", file: script, spool: dir.path))
            #expect(messages.first?.type == "hello")
            #expect(messages.last == .done)
            process.close(.toWorker)
            #expect(process.reap(blocking: true) == .exited(0))

            let record = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: trace + "/start-2-0.json"))) as? [String: Any])
            let fds = try #require(record["_fds"] as? [Int])
            // 0-4, plus the one os.listdir holds open while listing.
            #expect(Array(fds.prefix(5)) == [0, 1, 2, 3, 4])
            #expect(fds.count <= 6)
            #expect(record["_pgid"] as? Int == Int(process.pid))
            #expect((record["_env"] as? [String: String])?["BRAID_PROTOCOL_FDS"] == "3,4")
        }

        @Test func engineSideDescriptorsAreCloseOnExecAndNonBlocking() throws {
            let process = try WorkerProcess.spawn(FakeWorker.command, environment: environment())
            defer { WorkerTeardown.stop(process, grace: .milliseconds(200)) }
            for fd in [process.stdoutFD, process.stderrFD, process.toWorkerFD, process.fromWorkerFD] {
                #expect(fcntl(fd, F_GETFD) & FD_CLOEXEC != 0)
                #expect(fcntl(fd, F_GETFL) & O_NONBLOCK != 0)
            }
        }

        @Test func reportsAMissingExecutable() {
            let error = #expect(throws: WorkerSpawnError.self) {
                _ = try WorkerProcess.spawn(WorkerCommand(executable: "/nonexistent/python3"), environment: [:])
            }
            #expect(error?.error.code == ENOENT)
            #expect(error?.description == "could not start the worker '/nonexistent/python3': posix_spawn: No such file or directory")
        }

        @Test func decodesExitStatusesAndSignals() throws {
            let exit3 = try WorkerProcess.spawn(WorkerCommand(executable: "/bin/sh", arguments: ["-c", "exit 3"]), environment: [:])
            #expect(exit3.reap(blocking: true) == .exited(3))
            let killed = try WorkerProcess.spawn(WorkerCommand(executable: "/bin/sh", arguments: ["-c", "kill -9 $$"]), environment: [:])
            #expect(killed.reap(blocking: true) == .signaled(SIGKILL))
            #expect(ExitStatus.signaled(SIGKILL).failure == .crashed(signal: 9))
        }

        /// Sends a task and waits until the worker's hello arrives (it then runs the step body).
        private func startHanging(_ function: String, script: String, spool: String) throws -> WorkerProcess {
            let process = try WorkerProcess.spawn(FakeWorker.command, environment: environment())
            var outbound = OutboundBuffer()
            outbound.enqueue(try EngineMessage.task(task(function, file: script, spool: spool)).encodedLine())
            #expect(outbound.flush(to: process.toWorkerFD) == .drained)
            var entry = pollfd(fd: process.fromWorkerFD, events: Int16(POLLIN), revents: 0)
            _ = poll(&entry, 1, 10_000)
            usleep(100_000)  // the hello comes just before the body installs its signal disposition
            return process
        }

        @Test func teardownTerminatesTheGroupThenKills() throws {
            let dir = try TemporaryDirectory()
            let script = try dir.writeJSON("flow.json", ["steps": ["polite": ["mode": "hang"], "stubborn": ["mode": "hang_ignoring_term"]]])
            let clock = ContinuousClock()

            let polite = try startHanging("polite", script: script, spool: dir.path)
            #expect(WorkerTeardown.stop(polite, grace: .seconds(5)) == .signaled(SIGTERM))

            let stubborn = try startHanging("stubborn", script: script, spool: dir.path)
            let started = clock.now
            #expect(WorkerTeardown.stop(stubborn, grace: .milliseconds(300)) == .signaled(SIGKILL))
            #expect(clock.now - started >= .milliseconds(300))
            #expect(clock.now - started < .seconds(5))
        }

        @Test func aPendingLineWaitsForTheReader() throws {
            let (read, write) = try SystemCalls.pipe()
            defer { close(read); close(write) }
            SystemCalls.setNonBlocking(write)
            var outbound = OutboundBuffer()
            outbound.enqueue([UInt8](repeating: 0x61, count: 1 << 20))
            #expect(outbound.flush(to: write) == .wouldBlock)
            var total = 0
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while !outbound.isEmpty || total < 1 << 20 {
                let n = Glibc.read(read, &buffer, buffer.count)
                if n > 0 { total += n }
                _ = outbound.flush(to: write)
            }
            #expect(total == 1 << 20)
        }
    }
}
