import Foundation
import Testing
@testable import BraidCore

extension RuntimeTests {
    @Suite struct RunCoordinatorTests {
        typealias S = Flows

        @Test func runsALinearFlowAndPassesArtifactsDown() throws {
            let h = try CoordinatorHarness()
            let result = try h.run(Flows.linear, behaviours: [
                "start": ["next": ["a"], "set": ["x": "1", "y": "old"], "stdout": ["hello from start"]],
                "a": ["next": ["end"], "set": ["y": "new"]],
                "end": [:],
            ], parameters: ["rows": .int(500)])
            #expect(result.status == .succeeded, "\(result.failures)")
            #expect(result.failures.isEmpty && result.taskCount == 3 && result.attemptCount == 3)
            #expect(h.journal.runs.first?.systemTags == ["user:tester", "language:python", "file:flow.json"])
            #expect(h.journal.runEvents.map(\.1) == [.running, .succeeded])
            #expect(h.journal.tasks.map(\.step) == ["start", "a", "end"])
            #expect(h.journal.tasks.map(\.parents) == [[], [1], [2]])

            let a = try h.received("a")
            #expect(a["pathspec"] as? String == "TestFlow/1/a/2")
            #expect(a["parameters"] as? [String: Int] == ["rows": 500])
            #expect(a["foreach"] is NSNull && a["inputs"] is NSNull)
            let seenByA = try #require(a["artifacts"] as? [String: Any])
            #expect(try h.content(seenByA["x"]) == "1")
            #expect(try h.content(seenByA["y"]) == "old")
            let seenByEnd = try #require(try h.received("end")["artifacts"] as? [String: Any])
            #expect(try h.content(seenByEnd["y"]) == "new", "a reassigned artifact replaces the inherited one")

            let endRecord = try #require(h.journal.finalEnd(2))
            #expect(endRecord.status == .succeeded && endRecord.exitStatus == 0 && endRecord.nextSteps == ["end"])
            #expect(endRecord.artifacts.map(\.name) == ["x", "y"])
            #expect(endRecord.artifacts.map(\.kind) == ["json", "json"])
            // Output: kept per attempt and shown live with the task's label.
            let start = h.journal.starts[0]
            #expect(try String(contentsOfFile: start.stdoutPath, encoding: .utf8) == "hello from start\n")
            #expect(h.printer.lines.map(\.label) == ["TestFlow/1/start/1"])
            // Spool directories are gone.
            #expect(try FileManager.default.contentsOfDirectory(atPath: h.layout.spoolDirectory).isEmpty)
            // The worker saw the engine's environment additions.
            let env = try #require(a["_env"] as? [String: String])
            #expect(env["BRAID_WORKER"] == "1" && env["BRAID_PROTOCOL_FDS"] == "3,4" && env["BRAID_HOME"] == h.layout.root)
        }

        @Test func joinsBranchesWithEachInputsOwnNamespace() throws {
            let h = try CoordinatorHarness()
            let steps = Flows.branch.map { step -> StepSpec in
                var step = step
                if step.name == "b" { step.decorators = [DecoratorSpec(name: "environment", args: ["vars": .object(["FAKE_COLOR": .string("blue")])])] }
                return step
            }
            let result = try h.run(steps, behaviours: [
                "start": ["next": ["a", "b"], "set": ["shared": "s"]],
                "a": ["next": ["join"], "set": ["who": "a"], "sleep": 0.3],  // a finishes last
                "b": ["next": ["join"], "set": ["who": "b"]],
                "join": ["next": ["end"], "set": ["merged": "yes"]],
                "end": [:],
            ])
            #expect(result.status == .succeeded)
            let join = try h.received("join")
            #expect(join["join"] as? Bool == true)
            #expect((join["artifacts"] as? [String: Any])?.isEmpty == true, "a join's own namespace starts empty")
            let inputs = try #require(join["inputs"] as? [[String: Any]])
            #expect(inputs.map { $0["step"] as? String } == ["a", "b"])
            #expect(inputs.map { $0["index"] as? Int } == [0, 1])
            #expect(try inputs.map { try h.content(($0["artifacts"] as? [String: Any])?["who"]) } == ["a", "b"])
            #expect(try h.content((inputs[1]["artifacts"] as? [String: Any])?["shared"]) == "s")
            let joinTask = try #require(h.journal.taskID("join"))
            #expect(h.journal.task(joinTask).parents == [h.journal.taskID("a"), h.journal.taskID("b")].compactMap { $0 })
            #expect((try h.received("b")["_env"] as? [String: String])?["FAKE_COLOR"] == "blue")
            #expect((try h.received("a")["_env"] as? [String: String])?["FAKE_COLOR"] == nil)
        }

        @Test func nestedForeachInputsFollowItemOrder() throws {
            let h = try CoordinatorHarness()
            let result = try h.run(Flows.nestedForeach, behaviours: [
                "start": ["next": ["mid"], "foreach": "xs", "foreach_count": 2, "set": ["xs": "[1,2]"]],
                "mid": ["next": ["leaf"], "foreach": "ys", "foreach_count": 3, "set": ["ys": "[1,2,3]"]],
                // Later items sleep less, so they finish first.
                "leaf": ["next": ["inner_join"], "set": ["v": "{stack}"], "sleep_by_index": 0.15],
                "inner_join": ["next": ["outer_join"]],
                "outer_join": ["next": ["end"]],
                "end": [:],
            ])
            #expect(result.status == .succeeded)
            let leafEnds = h.journal.ends.filter { h.journal.task($0.task).step == "leaf" }
            let completionOrder = leafEnds.map { h.journal.task($0.task).foreachStack.last!.index }
            #expect(completionOrder != completionOrder.sorted(), "the leaves finished out of order: \(completionOrder)")

            let innerJoins = h.journal.tasks.indices.filter { h.journal.tasks[$0].step == "inner_join" }.map { TaskID($0 + 1) }
            #expect(innerJoins.count == 2)
            for id in innerJoins {
                let message = try h.received("inner_join", task: id)
                let outer = try #require((message["foreach"] as? [String: Any])?["index"] as? Int)
                let inputs = try #require(message["inputs"] as? [[String: Any]])
                #expect(try inputs.map { try h.content(($0["artifacts"] as? [String: Any])?["v"]) } == (0..<3).map { "\(outer).\($0)" })
                #expect(h.journal.task(id).foreachStack.map(\.step) == ["start"])
            }
            let outer = try h.received("outer_join")
            #expect(outer["foreach"] is NSNull)
            let outerInputs = try #require(outer["inputs"] as? [[String: Any]])
            let byOuterIndex = innerJoins.sorted { h.journal.task($0).foreachStack[0].index < h.journal.task($1).foreachStack[0].index }
            #expect(outerInputs.compactMap { $0["task_id"] as? String } == byOuterIndex.map { String($0) })
        }

        @Test func anEmptyForeachRunsItsJoinWithNoInputs() throws {
            let h = try CoordinatorHarness()
            let result = try h.run([S.step("start", ["item"], foreach: "xs"), S.step("item", ["join"]),
                                    S.step("join", ["end"], join: true), S.step("end", [])], behaviours: [
                "start": ["next": ["item"], "foreach": "xs", "foreach_count": 0], "join": ["next": ["end"]],
            ])
            #expect(result.status == .succeeded)
            #expect((try h.received("join")["inputs"] as? [Any])?.isEmpty == true)
        }

        @Test func retriesAFailingStepAndRecordsEachAttempt() throws {
            let h = try CoordinatorHarness()
            let clock = ContinuousClock()
            let began = clock.now
            let result = try h.run([S.step("start", ["end"], decorators: [S.retry(times: 2, minutes: 0.005)]), S.step("end", [])], behaviours: [
                "start": ["next": ["end"], "fail_attempts": 2, "stderr": ["attempt {index}"]],
            ])
            #expect(result.status == .succeeded)
            #expect(clock.now - began >= .milliseconds(600), "two waits of 0.3 s")
            let attempts = h.journal.ends.filter { $0.task == 1 }
            #expect(attempts.map(\.attempt) == [0, 1, 2])
            #expect(attempts.map(\.willRetry) == [true, true, false])
            #expect(attempts.map(\.status) == [.failed, .failed, .succeeded])
            #expect(h.journal.starts.filter { $0.task == 1 }.map(\.stderrPath).map { ($0 as NSString).lastPathComponent } == ["0.stderr", "1.stderr", "2.stderr"])
            #expect(try h.received("start", attempt: 2)["retry_count"] as? Int == 2)
        }

        @Test func aFailedTaskFailsTheRunAfterItsRetries() throws {
            let h = try CoordinatorHarness()
            let result = try h.run([S.step("start", ["end"], decorators: [S.retry(times: 1, minutes: 0)]), S.step("end", [])], behaviours: [
                "start": ["mode": "raise"],
            ])
            #expect(result.status == .failed)
            #expect(result.failures.map(\.description) == ["TestFlow/1/start/1 (attempt 1): the step raised ValueError (python): boom"])
            #expect(h.journal.tasks.map(\.step) == ["start"], "nothing after a failure")
            #expect(h.journal.runEvents.last?.1 == .failed)
        }

        @Test func refusesToStartWithoutAnInterpreter() throws {
            let h = try CoordinatorHarness()
            h.options.workerCommands = [:]
            h.options.environment = ["PATH": "/nonexistent"]
            #expect(throws: InterpreterError.self) { try h.run(Flows.linear) }
            #expect(h.journal.runs.isEmpty, "no run is created")
        }

        @Test func aWorkerThatCannotStartFailsItsTask() throws {
            let h = try CoordinatorHarness()
            h.options.workerCommands = ["python": WorkerCommand(executable: "/nonexistent/python3")]
            let result = try h.run(Flows.linear)
            #expect(result.failures.map(\.failure) == [.exited(status: 127)])
            let log = try String(contentsOfFile: h.journal.starts[0].stderrPath, encoding: .utf8)
            #expect(log == "braid: could not start the worker '/nonexistent/python3': posix_spawn: No such file or directory\n")
        }

        @Test func aJournalErrorStopsTheEngineAndItsWorkers() throws {
            let h = try CoordinatorHarness()
            h.journal.failOnAttemptFinished = 2  // b finishes while a hangs
            var pids: [Int32] = []
            h.journal.onAttemptStarted = { if let pid = $0.pid { pids.append(pid) } }
            #expect(throws: InMemoryJournal.Failure.self) {
                try h.run(Flows.branch, behaviours: ["start": ["next": ["a", "b"]], "a": ["mode": "hang"], "b": ["next": ["join"]]])
            }
            #expect(pids.count == 3)
            #expect(pids.allSatisfy { kill($0, 0) != 0 }, "no worker outlives the engine")
        }
    }
}
