import Testing
@testable import BraidCore

extension RuntimeTests {
    /// The scheduler against a CPU and memory budget, driven by a manual clock.
    @Suite struct ResourceSchedulingTests {
        typealias TestScheduler = Scheduler<TestClock.Instant>

        static func resources(cpu: Double? = nil, memory: Int? = nil) -> DecoratorSpec {
            var args: [String: JSONValue] = [:]
            if let cpu { args["cpu"] = .double(cpu) }
            if let memory { args["memory"] = .int(Int64(memory)) }
            return DecoratorSpec(name: "resources", args: args)
        }

        /// start fans out over `items` tasks of `item`, which carries `decorators`.
        static func fanOut(_ decorators: [DecoratorSpec]) -> [StepSpec] {
            [Flows.step("start", ["item"], foreach: "xs"), Flows.step("item", ["join"], decorators: decorators),
             Flows.step("join", ["end"], join: true), Flows.step("end", [])]
        }

        /// Runs the fan-out to the end, finishing the oldest running item each turn; returns the most items running at once.
        static func mostConcurrentItems(_ scheduler: inout TestScheduler, items: Int) -> Int {
            let clock = TestClock()
            var most = 0
            let start = scheduler.runningTasks[0]
            _ = scheduler.attemptSucceeded(start, foreachCount: items, now: clock.now)
            while let item = scheduler.runningTasks.first(where: { scheduler.plan($0).step == "item" }) {
                most = max(most, scheduler.runningTasks.count { scheduler.plan($0).step == "item" })
                _ = scheduler.attemptSucceeded(item, foreachCount: nil, now: clock.now)
            }
            return most
        }

        @Test func tasksWithoutResourcesClaimOneCoreEach() throws {
            var scheduler = TestScheduler(graph: try Flows.graph(Self.fanOut([])), maxWorkers: 100,
                                          capacity: ResourceAmount(cpu: 3, memoryMB: 1000))
            _ = scheduler.start(now: TestClock().now)
            #expect(Self.mostConcurrentItems(&scheduler, items: 10) == 3)
            #expect(scheduler.resourcesInUse.milliCPU == 1000, "only the join runs, with its one core")
        }

        @Test func declaredCPUsLimitConcurrency() throws {
            var scheduler = TestScheduler(graph: try Flows.graph(Self.fanOut([Self.resources(cpu: 2)])), maxWorkers: 100,
                                          capacity: ResourceAmount(cpu: 5, memoryMB: 1000))
            _ = scheduler.start(now: TestClock().now)
            #expect(Self.mostConcurrentItems(&scheduler, items: 6) == 2)
        }

        @Test func fractionalCPUsPackMoreTasks() throws {
            var scheduler = TestScheduler(graph: try Flows.graph(Self.fanOut([Self.resources(cpu: 0.25)])), maxWorkers: 100,
                                          capacity: ResourceAmount(cpu: 2, memoryMB: 1000))
            _ = scheduler.start(now: TestClock().now)
            #expect(Self.mostConcurrentItems(&scheduler, items: 20) == 8)
        }

        @Test func declaredMemoryLimitsConcurrency() throws {
            var scheduler = TestScheduler(graph: try Flows.graph(Self.fanOut([Self.resources(cpu: 0.1, memory: 3000)])), maxWorkers: 100,
                                          capacity: ResourceAmount(cpu: 16, memoryMB: 8000))
            _ = scheduler.start(now: TestClock().now)
            #expect(Self.mostConcurrentItems(&scheduler, items: 9) == 2)
        }

        @Test func maxWorkersStillCaps() throws {
            var scheduler = TestScheduler(graph: try Flows.graph(Self.fanOut([Self.resources(cpu: 0.5)])), maxWorkers: 3,
                                          capacity: ResourceAmount(cpu: 64, memoryMB: 1000))
            _ = scheduler.start(now: TestClock().now)
            #expect(Self.mostConcurrentItems(&scheduler, items: 12) == 3)
        }

        @Test func aBigTaskIsNotStarvedBySmallOnes() throws {
            // start branches to a big step and a small one; the big one is ready first and waits for room.
            let steps = [Flows.step("start", ["big", "small"]), Flows.step("big", ["join"], decorators: [Self.resources(cpu: 2)]),
                         Flows.step("small", ["join"]), Flows.step("join", ["end"], join: true), Flows.step("end", [])]
            var scheduler = TestScheduler(graph: try Flows.graph(steps), maxWorkers: 10, capacity: ResourceAmount(cpu: 2, memoryMB: 100))
            let clock = TestClock()
            _ = scheduler.start(now: clock.now)
            let actions = scheduler.attemptSucceeded(scheduler.runningTasks[0], foreachCount: nil, now: clock.now)
            #expect(actions.map { if case .start(let plan) = $0 { plan.step } else { "?" } } == ["big"])
            let small = scheduler.attemptSucceeded(scheduler.runningTasks[0], foreachCount: nil, now: clock.now)
            #expect(small.map { if case .start(let plan) = $0 { plan.step } else { "?" } } == ["small"])
        }

        @Test func aFailedAttemptGivesItsClaimBackBeforeItsRetry() throws {
            let steps = Self.fanOut([Self.resources(cpu: 1), Flows.retry(times: 1, minutes: 1)])
            var scheduler = TestScheduler(graph: try Flows.graph(steps), maxWorkers: 10, capacity: ResourceAmount(cpu: 1, memoryMB: 100))
            var clock = TestClock()
            _ = scheduler.start(now: clock.now)
            _ = scheduler.attemptSucceeded(scheduler.runningTasks[0], foreachCount: 2, now: clock.now)
            let first = scheduler.runningTasks[0]
            let actions = scheduler.attemptFailed(first, failure: .exited(status: 1), now: clock.now)
            // The retry waits a minute; the other item takes the core meanwhile.
            #expect(actions.count == 2)
            #expect(scheduler.runningTasks.count == 1 && scheduler.runningTasks[0] != first)
            clock.advance(by: .seconds(60))
            #expect(scheduler.advance(to: clock.now).isEmpty, "the retry waits for the core")
            let next = scheduler.attemptSucceeded(scheduler.runningTasks[0], foreachCount: nil, now: clock.now)
            #expect(next == [.start(scheduler.plan(first))])
        }

        @Test func oversizedStepsAreNamedBeforeTheRun() throws {
            var huge = Self.resources(cpu: 8, memory: 64_000)
            huge.line = 12
            let graph = try Flows.graph([Flows.step("start", ["train"]), Flows.step("train", ["end"], decorators: [huge]), Flows.step("end", [])])
            let problems = ResourceBudget.oversizedSteps(in: graph, capacity: ResourceAmount(cpu: 2, memoryMB: 4096))
            #expect(problems == ["step 'train' (/flows/flow.json:12) asks for cpu=8 but this machine has 2 cores and "
                + "memory=64000 MB but this machine has 4096 MB in @resources; lower it, or run it where there is more"])
            #expect(ResourceBudget.oversizedSteps(in: graph, capacity: ResourceAmount(cpu: 8, memoryMB: 64_000)).isEmpty)
        }

        @Test func theMachineHasSomething() {
            let machine = ResourceAmount.machine()
            #expect(machine.milliCPU >= 1000 && machine.memoryMB > 0)
        }
    }
}
