import Foundation
import Glibc
import Testing
@testable import BraidCore

/// The watchdog stops the process groups it was told about once its input ends.
@Suite struct WatchdogTests {
    /// A process group whose members ignore SIGTERM: only SIGKILL ends it.
    /// Returns once the trap is set (the shell says so on stdout).
    private func stubbornGroup() throws -> WorkerProcess {
        let process = try WorkerProcess.spawn(WorkerCommand(executable: "/bin/sh", arguments: ["-c", "trap '' TERM; echo ready; sleep 30 & wait"]),
                                              environment: ["PATH": "/usr/bin:/bin"])
        var entry = pollfd(fd: process.stdoutFD, events: Int16(POLLIN), revents: 0)
        _ = poll(&entry, 1, 5_000)
        return process
    }

    private func feed(_ text: String) throws -> Int32 {
        let pipe = try SystemCalls.pipe()
        _ = text.utf8CString.withUnsafeBytes { write(pipe.write, $0.baseAddress, $0.count - 1) }
        close(pipe.write)  // end of file: the engine is gone
        return pipe.read
    }

    @Test func stopsTheGroupsStillListedWhenTheEngineGoes() throws {
        let watched = try stubbornGroup(), finished = try stubbornGroup()
        defer { WorkerTeardown.stop(finished, grace: .zero) }
        let input = try feed("=42\n+\(watched.pid)\n+\(finished.pid)\n-\(finished.pid)\nnoise\n")
        defer { close(input) }
        let clock = ContinuousClock()
        let began = clock.now
        let outcome = Watchdog.serve(input: input, grace: .milliseconds(300))
        #expect(outcome == Watchdog.Outcome(run: 42, stoppedGroups: [watched.pid]))
        #expect(watched.reap(blocking: true) == .signaled(SIGKILL), "SIGTERM was ignored, SIGKILL was not")
        #expect(clock.now - began >= .milliseconds(300))
        #expect(finished.reap() == nil, "a group the engine collected is left alone")
    }

    @Test func exitsAtOnceWhenNothingIsLeft() throws {
        let input = try feed("=7\n")
        defer { close(input) }
        #expect(Watchdog.serve(input: input, grace: .seconds(10)) == Watchdog.Outcome(run: 7, stoppedGroups: []))
    }
}
