import Foundation
import Glibc
import Testing
@testable import BraidCore

extension RuntimeTests {
    /// The engine's own CPU per task, on a 1,000-task foreach of fake workers.
    ///
    /// Off by default (it takes a while); run it in release mode:
    /// `BRAID_BENCH=1 swift test -c release -Xswiftc -enable-testing --scratch-path .build-runtime --filter RunBenchmark`
    @Suite(.enabled(if: ProcessInfo.processInfo.environment["BRAID_BENCH"] != nil)) struct RunBenchmarkTests {
        /// User and system CPU seconds of this process (`RUSAGE_SELF`) or its reaped children.
        private static func cpu(_ who: Int32) -> (user: Double, system: Double) {
            var usage = rusage()
            getrusage(__rusage_who_t(who), &usage)
            func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
            return (seconds(usage.ru_utime), seconds(usage.ru_stime))
        }

        private static func cpuSeconds(_ who: Int32) -> Double {
            let (user, system) = cpu(who)
            return user + system
        }

        @Test func engineCPUPerTaskStaysUnderFiveMilliseconds() throws {
            let items = Int(ProcessInfo.processInfo.environment["BRAID_BENCH_ITEMS"] ?? "") ?? 1000
            let h = try CoordinatorHarness(maxWorkers: ProcessInfo.processInfo.activeProcessorCount)
            h.options.livePrinter = nil
            let steps = [Flows.step("start", ["item"], foreach: "xs"), Flows.step("item", ["join"]),
                         Flows.step("join", ["end"], join: true), Flows.step("end", [])]
            let behaviours: [String: [String: Any]] = [
                "start": ["next": ["item"], "foreach": "xs", "foreach_count": items, "set": ["xs": "[...]"]],
                "item": ["next": ["join"], "set": ["v": "{index}"], "stdout": ["item {index}"]],
                "join": ["next": ["end"]],
            ]
            let wall = ContinuousClock.now
            let engineBefore = Self.cpu(RUSAGE_SELF.rawValue), childrenBefore = Self.cpuSeconds(RUSAGE_CHILDREN.rawValue)
            let result = try h.run(steps, behaviours: behaviours)
            let engineAfter = Self.cpu(RUSAGE_SELF.rawValue)
            let (user, system) = (engineAfter.user - engineBefore.user, engineAfter.system - engineBefore.system)
            let engine = user + system
            let children = Self.cpuSeconds(RUSAGE_CHILDREN.rawValue) - childrenBefore
            let elapsed = ContinuousClock.now - wall
            #expect(result.status == .succeeded)
            #expect(result.taskCount == items + 3)
            let perTask = engine / Double(result.taskCount) * 1000
            print("""
                benchmark: \(result.taskCount) tasks, \(h.options.maxWorkers) workers, wall \(elapsed)
                benchmark: engine CPU \(String(format: "%.3f", engine)) s = \(String(format: "%.3f", perTask)) ms/task \
                (user \(String(format: "%.3f", user / Double(result.taskCount) * 1000)), \
                system \(String(format: "%.3f", system / Double(result.taskCount) * 1000)); \
                workers \(String(format: "%.3f", children / Double(result.taskCount) * 1000)) ms/task)
                """)
            #expect(perTask < 5)
        }
    }
}
