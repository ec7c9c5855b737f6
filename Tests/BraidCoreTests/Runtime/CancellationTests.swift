import Dispatch
import Foundation
import Glibc
import Testing
@testable import BraidCore

extension RuntimeTests {
    /// Cancelling a run stops every worker group and records the run as cancelled.
    ///
    /// Serialized: SIGINT/SIGTERM handlers are process-wide, so only one test
    /// at a time may own them (the other suites never install them).
    @Suite(.serialized) struct CancellationTests {
        /// Runs start → (a, b) → join → end with a and b hanging; `cancel` is called once both started.
        private func runCancelled(handlesSignals: Bool = false, stubborn: Bool = false,
                                  cancel: @escaping @Sendable (RunCoordinator) -> Void) throws -> (CoordinatorHarness, RunResult, [Int32]) {
            let h = try CoordinatorHarness()
            h.options.handlesSignals = handlesSignals
            h.options.terminationGrace = .seconds(stubborn ? 30 : 5)
            var pids: [Int32] = []
            let mode = stubborn ? "hang_ignoring_term" : "hang"
            let result = try h.run(Flows.branch, behaviours: [
                "start": ["next": ["a", "b"]], "a": ["mode": mode], "b": ["mode": mode],
            ]) { coordinator in
                nonisolated(unsafe) let coordinator = coordinator
                h.journal.onAttemptStarted = { start in
                    if let pid = start.pid { pids.append(pid) }
                    // Both branches started: give their workers a moment to reach the hang, then cancel.
                    if pids.count == 3 {
                        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { cancel(coordinator) }
                    }
                }
            }
            return (h, result, pids)
        }

        private func expectCancelled(_ h: CoordinatorHarness, _ result: RunResult, _ pids: [Int32]) {
            #expect(result.status == .cancelled)
            #expect(result.failures.isEmpty)
            #expect(h.journal.runEvents.last?.1 == .cancelled)
            let branchEnds = h.journal.ends.filter { $0.task != 1 }
            #expect(branchEnds.map(\.status) == [.cancelled, .cancelled])
            #expect(branchEnds.map(\.failure) == [.cancelled, .cancelled])
            #expect(pids.allSatisfy { kill(-$0, 0) != 0 && errno == ESRCH }, "every worker's process group is gone")
            #expect(h.journal.taskID("join") == nil)
        }

        @Test func theCancellationHandleStopsTheRun() throws {
            let (h, result, pids) = try runCancelled { $0.cancellation.cancel() }
            expectCancelled(h, result, pids)
            #expect(h.journal.ends.filter { $0.task != 1 }.map(\.signal) == [SIGTERM, SIGTERM])
        }

        @Test(arguments: [SIGINT, SIGTERM])
        func aSignalToTheEngineCancelsTheRun(_ signal: Int32) throws {
            let (h, result, pids) = try runCancelled(handlesSignals: true) { _ in kill(getpid(), signal) }
            expectCancelled(h, result, pids)
            // The handlers are gone again: the previous disposition is back.
            var current = sigaction()
            sigaction(signal, nil, &current)
            #expect(current.__sigaction_handler.sa_handler == nil, "SIG_DFL again")
        }

        @Test func cancellingTwiceKillsWithoutWaitingForTheGrace() throws {
            let clock = ContinuousClock()
            let began = clock.now
            let (h, result, pids) = try runCancelled(stubborn: true) { coordinator in
                coordinator.cancellation.cancel()
                Thread.sleep(forTimeInterval: 0.3)
                coordinator.cancellation.cancel()
            }
            expectCancelled(h, result, pids)
            #expect(h.journal.ends.filter { $0.task != 1 }.map(\.signal) == [SIGKILL, SIGKILL])
            #expect(clock.now - began < .seconds(10), "not the 30 s grace")
        }
    }
}
