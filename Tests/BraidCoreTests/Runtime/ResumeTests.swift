import Foundation
import Testing
@testable import BraidCore

extension RuntimeTests {
    /// Resume through the real metadata store and the fake worker: what is cloned, what reruns.
    @Suite struct ResumeTests {
        /// A store, a fake-worker script per run, and runs of one flow against them.
        final class Store {
            let directory: TemporaryDirectory
            let layout: StoreLayout
            let metadata: MetadataStore
            let trace: String
            private var scripts = 0

            init() throws {
                directory = try TemporaryDirectory()
                layout = StoreLayout(root: directory.path + "/home")
                metadata = try MetadataStore(layout: layout)
                trace = try directory.subdirectory("trace")
            }

            func run(_ steps: [StepSpec], _ behaviours: [String: [String: Any]],
                     resume selection: ResumeSelection? = nil) throws -> RunResult {
                scripts += 1
                let script = try directory.writeJSON("flow\(scripts).json", ["trace_dir": trace, "steps": behaviours])
                let spec = Flows.spec(steps.map { var step = $0; step.file = script; return step }, file: script)
                let graph = try FlowGraph(validating: spec)
                var request = RunRequest(spec: spec, user: "tester")
                if let selection {
                    let (plan, origin) = try metadata.resumePlan(for: graph, selection: selection, layout: layout)
                    request.resume = plan
                    request.originRunID = origin.id
                }
                let options = RunOptions(maxWorkers: 2, workerCommands: ["python": FakeWorker.command])
                return try RunCoordinator(graph: graph, request: request, journal: metadata, layout: layout,
                                          ingester: TestIngester(layout: layout), options: options).run()
            }

            /// step -> (cloned, ran) counts of a run's tasks.
            func origins(_ run: RunID) throws -> [String: [TaskID?]] {
                Dictionary(grouping: try metadata.tasks(run: run), by: \.step).mapValues { $0.map(\.originTaskID) }
            }
        }

        static let foreach = [Flows.step("start", ["work"], foreach: "items"), Flows.step("work", ["join"]),
                              Flows.step("join", ["end"], join: true), Flows.step("end", [])]

        static func behaviours(failing: [Int]) -> [String: [String: Any]] {
            ["start": ["next": ["work"], "foreach": "items", "foreach_count": 4, "set": ["seed": "7"]],
             "work": ["next": ["join"], "set": ["value": "v{index}"], "fail_indices": failing],
             "join": ["next": ["end"], "set": ["total": "all"]],
             "end": [:]]
        }

        @Test func rerunsOnlyTheFailedForeachItemAndWhatFollows() throws {
            let store = try Store()
            let first = try store.run(Self.foreach, Self.behaviours(failing: [2]))
            #expect(first.status == .failed)

            let resumed = try store.run(Self.foreach, Self.behaviours(failing: []), resume: ResumeSelection(user: "tester"))
            #expect(resumed.status == .succeeded, "\(resumed.failures)")
            #expect(resumed.clonedCount == 4 && resumed.taskCount == 7)
            let tasks = try store.metadata.tasks(run: resumed.runID)
            let work = tasks.filter { $0.step == "work" }
            #expect(work.map { $0.foreachStack.last?.index } == [0, 1, 2, 3])
            #expect(work.map { $0.originTaskID != nil } == [true, true, false, true])
            #expect(tasks.first { $0.step == "join" }?.originTaskID == nil)
            // A clone keeps its origin's artifacts (same objects) and logs.
            let originWork = try store.metadata.tasks(run: first.runID, step: "work")[1]
            let cloneWork = work[1]
            #expect(cloneWork.originTaskID == originWork.id && cloneWork.status == .succeeded)
            #expect(try store.metadata.artifacts(task: cloneWork.id).map(\.object)
                    == (try store.metadata.artifacts(task: originWork.id).map(\.object)))
            #expect(try store.metadata.attempts(task: cloneWork.id).map(\.stdoutPath)
                    == (try store.metadata.attempts(task: originWork.id).map(\.stdoutPath)))
            // The join read every item in index order, the rerun one included.
            let join = try #require(tasks.first { $0.step == "join" })
            #expect(join.parents.count == 4 && join.parents == work.map(\.id))
            #expect(try store.metadata.run(id: resumed.runID)?.originRunID == first.runID)
        }

        @Test func aNamedStepRerunsWithEverythingAfterIt() throws {
            let store = try Store()
            let first = try store.run(Flows.branch, [
                "start": ["next": ["a", "b"]], "a": ["next": ["join"]], "b": ["next": ["join"]],
                "join": ["next": ["end"]], "end": [:],
            ])
            #expect(first.status == .succeeded)
            #expect(throws: ResumeError.nothingToResume(flow: "TestFlow", run: first.runID)) {
                _ = try store.run(Flows.branch, [:], resume: ResumeSelection(user: "tester"))
            }
            let resumed = try store.run(Flows.branch, [
                "start": ["next": ["a", "b"]], "a": ["next": ["join"]], "b": ["next": ["join"]],
                "join": ["next": ["end"]], "end": [:],
            ], resume: ResumeSelection(step: "b", user: "tester"))
            #expect(resumed.status == .succeeded)
            let origins = try store.origins(resumed.runID)
            #expect(origins["start"]?.allSatisfy { $0 != nil } == true)
            #expect(origins["a"]?.allSatisfy { $0 != nil } == true)
            #expect(origins["b"] == [nil] && origins["join"] == [nil] && origins["end"] == [nil])
        }

        @Test func aStepWhoseTransitionChangedReruns() throws {
            let store = try Store()
            _ = try store.run(Flows.linear, ["start": ["next": ["a"]], "a": ["mode": "raise"], "end": [:]])
            // The code now goes start -> b -> end: start's recorded transition no longer holds.
            let changed = [Flows.step("start", ["b"]), Flows.step("b", ["end"]), Flows.step("end", [])]
            let resumed = try store.run(changed, ["start": ["next": ["b"]], "b": ["next": ["end"]], "end": [:]],
                                        resume: ResumeSelection(user: "tester"))
            #expect(resumed.status == .succeeded && resumed.clonedCount == 0)
        }

        @Test func anAbandonedRunIsMarkedFailedThenResumed() throws {
            let store = try Store()
            // A run the store says is running, with no engine holding its lock (the engine was killed).
            let runID = try store.metadata.createRun(NewRun(flow: "TestFlow", specJSON: "{}", parameters: [:], user: "tester"))
            try store.metadata.runStarted(runID, at: Date())
            let task = try store.metadata.createTask(NewTask(run: runID, step: "start", parents: []))
            try store.metadata.attemptStarted(AttemptStart(run: runID, task: task, attempt: 0, startedAt: Date(), pid: 1,
                                                           stdoutPath: "/x", stderrPath: "/y"))
            let leftover = store.layout.spoolDirectory + "/TestFlow-\(runID)-w1"
            try FileManager.default.createDirectory(atPath: leftover + "/half-written", withIntermediateDirectories: true)
            let resumed = try store.run(Flows.linear, ["start": ["next": ["a"]], "a": ["next": ["end"]], "end": [:]],
                                        resume: ResumeSelection(user: "tester"))
            #expect(resumed.status == .succeeded)
            #expect(try store.metadata.run(id: runID)?.status == .failed)
            #expect(try store.metadata.attempts(task: task).first?.failure == .engineLost)
            #expect(!FileManager.default.fileExists(atPath: leftover), "the dead engine's spool directories are gone")
        }

        @Test func aRunWhoseEngineHoldsItsLockIsNotResumed() throws {
            let store = try Store()
            let runID = try store.metadata.createRun(NewRun(flow: "TestFlow", specJSON: "{}", parameters: [:], user: "tester"))
            let lock = try RunLock.acquire(layout: store.layout, run: runID)
            defer { lock.release() }
            #expect(RunLock.isHeld(layout: store.layout, run: runID))
            #expect(throws: ResumeError.stillRunning(flow: "TestFlow", run: runID)) {
                _ = try store.run(Flows.linear, [:], resume: ResumeSelection(user: "tester"))
            }
        }

        @Test func unknownRunsAndStepsAreClearErrors() throws {
            let store = try Store()
            #expect(throws: ResumeError.noEarlierRun(flow: "TestFlow", user: "tester")) {
                _ = try store.run(Flows.linear, [:], resume: ResumeSelection(user: "tester"))
            }
            #expect(throws: ResumeError.unknownRun(flow: "TestFlow", run: 42)) {
                _ = try store.run(Flows.linear, [:], resume: ResumeSelection(originRunID: 42, user: "tester"))
            }
            #expect(throws: ResumeError.unknownStep(flow: "TestFlow", step: "nope", steps: ["start", "a", "end"])) {
                _ = try store.run(Flows.linear, [:], resume: ResumeSelection(step: "nope", user: "tester"))
            }
            #expect("\(ResumeError.unknownStep(flow: "F", step: "x", steps: ["start", "end"]))"
                    == "F has no step 'x' to resume from; its steps are start, end")
        }

        @Test func reachableStepsIncludeBranchesAndJoins() throws {
            let graph = try Flows.graph(Flows.branch)
            #expect(graph.stepsReachable(from: "a") == ["a", "join", "end"])
            #expect(graph.stepsReachable(from: "start") == Set(graph.stepNames))
        }
    }
}
