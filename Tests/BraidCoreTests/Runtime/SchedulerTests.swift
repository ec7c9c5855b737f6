import Testing
@testable import BraidCore

extension RuntimeTests {
    @Suite struct SchedulerTests {
        typealias TestScheduler = Scheduler<TestClock.Instant>

        /// Drives a scheduler: starts what it asks, remembers every plan.
        struct Harness {
            var scheduler: TestScheduler
            var clock = TestClock()
            var started: [TaskPlan] = []
            var actions: [SchedulerAction] = []
            var mostRunning = 0

            init(_ steps: [StepSpec], maxWorkers: Int = 100) throws {
                scheduler = TestScheduler(graph: try Flows.graph(steps), maxWorkers: maxWorkers)
                record(scheduler.start(now: clock.now))
            }

            mutating func record(_ new: [SchedulerAction]) {
                actions += new
                for case .start(let plan) in new { started.append(plan) }
                mostRunning = max(mostRunning, scheduler.runningTasks.count)
            }

            var running: [TaskPlan] { scheduler.runningTasks.map { scheduler.plan($0) } }

            func runningPlan(_ step: String, index: Int? = nil) -> TaskPlan? {
                running.first { $0.step == step && (index == nil || $0.foreachStack.last?.index == index) }
            }

            @discardableResult
            mutating func succeed(_ plan: TaskPlan, foreachCount: Int? = nil) -> [SchedulerAction] {
                let new = scheduler.attemptSucceeded(plan.key, foreachCount: foreachCount, now: clock.now)
                record(new)
                return new
            }

            @discardableResult
            mutating func fail(_ plan: TaskPlan, _ failure: TaskFailure = .exited(status: 1)) -> [SchedulerAction] {
                let new = scheduler.attemptFailed(plan.key, failure: failure, now: clock.now)
                record(new)
                return new
            }

            var finish: SchedulerAction? { actions.last { if case .finishRun = $0 { true } else { false } } }
        }

        @Test func runsALinearFlowInOrder() throws {
            var h = try Harness(Flows.linear)
            #expect(h.started.map(\.step) == ["start"])
            #expect(h.started[0].parents.isEmpty)
            h.succeed(h.started[0])
            h.succeed(h.started[1])
            #expect(h.started.map(\.step) == ["start", "a", "end"])
            #expect(h.started[2].parents == [h.started[1].key])
            #expect(h.finish == nil)
            #expect(h.succeed(h.started[2]) == [.finishRun(.succeeded, note: nil)])
            #expect(h.scheduler.isFinished)
        }

        @Test func joinsBranchesInBranchOrderNotCompletionOrder() throws {
            var h = try Harness(Flows.branch)
            h.succeed(h.started[0])
            let a = try #require(h.runningPlan("a")), b = try #require(h.runningPlan("b"))
            h.succeed(b)
            #expect(h.runningPlan("join") == nil, "the join waits for every branch")
            h.succeed(a)
            let join = try #require(h.runningPlan("join"))
            #expect(join.parents == [a.key, b.key])
            #expect(join.isJoin && join.foreachStack.isEmpty)
        }

        @Test func nestedForeachJoinsOrderInputsByItemIndex() throws {
            var h = try Harness(Flows.nestedForeach)
            h.succeed(h.started[0], foreachCount: 3)
            let mids = h.running.filter { $0.step == "mid" }
            #expect(mids.map { $0.foreachStack.map(\.index) } == [[0], [1], [2]])
            // Inner counts differ per outer item; complete the mids out of order.
            let innerCounts = [0: 2, 1: 3, 2: 1]
            for mid in mids.reversed() { h.succeed(mid, foreachCount: innerCounts[mid.foreachStack[0].index]!) }
            let leaves = h.running.filter { $0.step == "leaf" }
            #expect(leaves.count == 6)
            #expect(Set(leaves.map { $0.foreachStack.map(\.step) }) == [["start", "mid"]])
            // Finish the leaves in a scrambled order: last items first, outer items interleaved.
            let scrambled = leaves.sorted { ($0.foreachStack[1].index, $0.key) > ($1.foreachStack[1].index, $1.key) }
            for leaf in scrambled { h.succeed(leaf) }
            let innerJoins = h.running.filter { $0.step == "inner_join" }
            #expect(innerJoins.count == 3)
            for join in innerJoins {
                let outer = join.foreachStack.map(\.index)
                #expect(outer.count == 1, "an inner join sits in the outer foreach only")
                let expected = leaves.filter { $0.foreachStack[0].index == outer[0] }
                    .sorted { $0.foreachStack[1].index < $1.foreachStack[1].index }.map(\.key)
                #expect(join.parents == expected)
            }
            for join in innerJoins.reversed() { h.succeed(join) }
            let outerJoin = try #require(h.runningPlan("outer_join"))
            #expect(outerJoin.parents == innerJoins.sorted { $0.foreachStack[0].index < $1.foreachStack[0].index }.map(\.key))
            #expect(outerJoin.foreachStack.isEmpty)
            h.succeed(outerJoin)
            h.succeed(try #require(h.runningPlan("end")))
            #expect(h.finish == .finishRun(.succeeded, note: nil))
        }

        @Test func anEmptyForeachGoesStraightToItsJoin() throws {
            var h = try Harness([Flows.step("start", ["item"], foreach: "xs"), Flows.step("item", ["join"]),
                             Flows.step("join", ["end"], join: true), Flows.step("end", [])])
            h.succeed(h.started[0], foreachCount: 0)
            let join = try #require(h.runningPlan("join"))
            #expect(join.parents.isEmpty)
        }

        @Test func retriesAfterTheDelayOnTheClock() throws {
            var h = try Harness([Flows.step("start", ["end"], decorators: [Flows.retry(times: 2, minutes: 1)]), Flows.step("end", [])])
            let first = h.started[0]
            let retry = h.fail(first)
            #expect(retry.count == 1)
            guard case .retry(let plan, let delay) = retry[0] else { Issue.record("expected a retry"); return }
            #expect(plan.attempt == 1 && plan.key == first.key && delay == .seconds(60))
            #expect(h.scheduler.nextWakeup == h.clock.now.advanced(by: .seconds(60)))
            h.clock.advance(by: .seconds(59))
            #expect(h.scheduler.advance(to: h.clock.now).isEmpty)
            h.clock.advance(by: .seconds(1))
            h.record(h.scheduler.advance(to: h.clock.now))
            #expect(h.started.last?.attempt == 1)
            h.fail(h.started.last!)
            h.clock.advance(by: .seconds(60))
            h.record(h.scheduler.advance(to: h.clock.now))
            #expect(h.started.map(\.attempt) == [0, 1, 2])
            #expect(h.fail(h.started.last!) == [.finishRun(.failed, note: nil)], "two retries, then the run fails")
        }

        @Test func aRetryWithoutDelayStartsAtOnce() throws {
            var h = try Harness([Flows.step("start", ["end"], decorators: [Flows.retry(times: 1, minutes: 0)]), Flows.step("end", [])])
            let actions = h.fail(h.started[0])
            #expect(actions.count == 2)
            #expect(h.started.last?.attempt == 1)
        }

        @Test func neverRunsMoreThanMaxWorkers() throws {
            var h = try Harness([Flows.step("start", ["item"], foreach: "xs"), Flows.step("item", ["join"]),
                             Flows.step("join", ["end"], join: true), Flows.step("end", [])], maxWorkers: 3)
            h.succeed(h.started[0], foreachCount: 10)
            #expect(h.running.count == 3)
            while let item = h.running.first(where: { $0.step == "item" }) { h.succeed(item) }
            #expect(h.mostRunning == 3)
            #expect(h.started.filter { $0.step == "item" }.map { $0.foreachStack[0].index } == Array(0..<10), "first come, first served")
            #expect(h.runningPlan("join")?.parents.count == 10)
        }

        @Test func aFailureStopsNewWorkAndRunningTasksFinish() throws {
            var h = try Harness([Flows.step("start", ["item"], foreach: "xs"), Flows.step("item", ["after"]), Flows.step("after", ["join"]),
                             Flows.step("join", ["end"], join: true), Flows.step("end", [])], maxWorkers: 2)
            h.succeed(h.started[0], foreachCount: 5)
            let (first, second) = (h.running[0], h.running[1])
            #expect(h.fail(first).isEmpty, "nothing new starts; the run waits for the running task")
            #expect(h.succeed(second) == [.finishRun(.failed, note: nil)], "its successor never starts")
            #expect(!h.started.contains { $0.step == "after" })
        }

        @Test func aFailureAbandonsAWaitingRetry() throws {
            var h = try Harness([Flows.step("start", ["a", "b"]),
                             Flows.step("a", ["join"], decorators: [Flows.retry(times: 3, minutes: 1)]), Flows.step("b", ["join"]),
                             Flows.step("join", ["end"], join: true), Flows.step("end", [])])
            h.succeed(h.started[0])
            let a = try #require(h.runningPlan("a")), b = try #require(h.runningPlan("b"))
            _ = h.fail(a)
            let actions = h.fail(b)
            #expect(actions == [.abandon(TaskPlan(key: a.key, step: "a", attempt: 1, parents: a.parents, foreachStack: [], isJoin: false)),
                                .finishRun(.failed, note: nil)])
            #expect(h.scheduler.nextWakeup == nil)
        }

        @Test func cancellationStopsRunningAttempts() throws {
            var h = try Harness(Flows.branch)
            h.succeed(h.started[0])
            let a = try #require(h.runningPlan("a")), b = try #require(h.runningPlan("b"))
            #expect(h.scheduler.cancel() == [.stop(a.key), .stop(b.key)])
            #expect(h.fail(a, .cancelled).isEmpty)
            // A task finishing during cancellation is kept, but nothing follows it.
            #expect(h.succeed(b) == [.finishRun(.cancelled, note: nil)])
            #expect(h.scheduler.cancel().isEmpty)
        }

        @Test func describesTransitionsForMismatchMessages() {
            #expect(TransitionCheck.describe(.foreach("train", artifact: "grid")) == "train (foreach over grid)")
            #expect(TransitionCheck.describe(.branch(["a", "b"])) == "a, b")
            #expect(TransitionCheck.describe(.end) == "nothing (end)")
            #expect(TransitionCheck.failure(taken: .init(steps: ["b", "a"]), declared: .branch(["a", "b"])) == nil, "branch order is the spec's")
            #expect(TransitionCheck.failure(taken: .init(steps: ["t"], foreach: "xs", foreachCount: 2), declared: .foreach("t", artifact: "ys"))
                    == .transitionMismatch(expected: "t (foreach over ys)", actual: "t (foreach over xs)"))
        }
    }
}
