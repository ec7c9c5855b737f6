import Testing
@testable import BraidCore

/// The typed views the engine reads: `retryPolicy`, `catchPolicy`, `timeoutSeconds`, `resources`, `environment`.
extension GraphTests {
    @Suite struct DecoratorAccessors {
        static func step(_ decorators: DecoratorSpec...) -> StepSpec {
            StepSpec(name: "fit", language: "python", file: "/f.py", next: ["end"], decorators: decorators)
        }

        @Test func aStepWithoutDecoratorsHasNoPolicies() {
            let plain = Self.step()
            #expect(plain.retryPolicy == nil && plain.catchPolicy == nil && plain.timeoutSeconds == nil)
            #expect(plain.resources == nil && plain.environment.isEmpty && plain.decorator(.retry) == nil)
        }

        @Test func retryDefaultsFollowMetaflow() {
            #expect(Self.step(DecoratorSpec(name: "retry")).retryPolicy == RetrySpec(times: 3, minutesBetweenRetries: 2))
            let custom = Self.step(DecoratorSpec(name: "retry", args: ["times": .int(1), "minutes_between_retries": .double(0.25)]))
            #expect(custom.retryPolicy == RetrySpec(times: 1, minutesBetweenRetries: 0.25))
            #expect(custom.retryPolicy?.delay == .seconds(15))
        }

        @Test func catchReadsVariableAndPrinting() {
            #expect(Self.step(DecoratorSpec(name: "catch")).catchPolicy == CatchSpec(variable: nil, printsException: true))
            let custom = Self.step(DecoratorSpec(name: "catch", args: ["var": .string("err"), "print_exception": .bool(false)]))
            #expect(custom.catchPolicy == CatchSpec(variable: "err", printsException: false))
        }

        @Test func timeoutAddsItsParts() {
            let step = Self.step(DecoratorSpec(name: "timeout", args: ["hours": .int(1), "minutes": .int(2), "seconds": .double(3.5)]))
            #expect(step.timeoutSeconds == 3723.5)
            #expect(Self.step(DecoratorSpec(name: "timeout")).timeoutSeconds == nil)
        }

        @Test func resourcesKeepWhatWasGiven() {
            let step = Self.step(DecoratorSpec(name: "resources", args: ["cpu": .double(1.5), "memory": .double(2048)]))
            #expect(step.resources == ResourcesSpec(cpu: 1.5, memoryMB: 2048, gpu: nil))
        }

        @Test func environmentKeepsValidVariablesOnly() {
            let step = Self.step(DecoratorSpec(name: "environment", args: ["vars": .object(["A": .string("1"), "BRAID_HOME": .string("/x"), "B": .int(2)])]))
            #expect(step.environment == ["A": "1"])
        }

        @Test func invalidArgumentsReadAsDefaultsAndTheFirstDecoratorCounts() {
            let step = Self.step(DecoratorSpec(name: "retry", args: ["times": .int(99)]), DecoratorSpec(name: "retry", args: ["times": .int(1)]))
            #expect(step.retryPolicy == RetrySpec())
        }

        @Test func decoratedFixtureReadsBack() throws {
            let graph = try SpecFixtures.graph("decorators")
            let start = try #require(graph.step(named: "start"))
            let fetch = try #require(graph.step(named: "fetch"))
            let fit = try #require(graph.step(named: "fit"))
            #expect(start.environment == ["API_URL": "https://example.com", "MODE": "test"])
            #expect(fetch.retryPolicy == RetrySpec(times: 2, minutesBetweenRetries: 0.5))
            #expect(fetch.timeoutSeconds == 330)
            #expect(fit.resources == ResourcesSpec(cpu: 2, memoryMB: 4096, gpu: 1))
            #expect(fit.catchPolicy == CatchSpec(variable: "fit_error", printsException: false))
            #expect(fit.retryPolicy == RetrySpec())
            #expect(graph.end.retryPolicy == nil)
        }
    }
}
