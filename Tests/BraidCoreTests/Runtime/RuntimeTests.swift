import Testing
@testable import BraidCore

/// Groups the runtime suites so `swift test --filter Runtime` selects them.
@Suite enum RuntimeTests {}

/// A clock that moves only when a test says so.
struct TestClock: Clock {
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    var now = Instant(offset: .zero)
    var minimumResolution: Duration { .nanoseconds(1) }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        // The scheduler never sleeps; it is told the time.
    }

    mutating func advance(by duration: Duration) { now = now.advanced(by: duration) }
}

/// Flow specs for tests, built from a compact description.
enum Flows {
    static func step(_ name: String, _ next: [String], foreach: String? = nil, join: Bool = false,
                     decorators: [DecoratorSpec] = [], function: String? = nil) -> StepSpec {
        StepSpec(name: name, language: "python", file: "/flows/flow.json", function: function, next: next,
                 foreach: foreach, join: join, decorators: decorators)
    }

    static func spec(_ steps: [StepSpec], flow: String = "TestFlow", file: String = "/flows/flow.json") -> FlowSpec {
        FlowSpec(flow: flow, language: "python", file: file, steps: steps)
    }

    static func graph(_ steps: [StepSpec]) throws -> FlowGraph { try FlowGraph(validating: spec(steps)) }

    static func retry(times: Int, minutes: Double) -> DecoratorSpec {
        DecoratorSpec(name: "retry", args: ["times": .int(Int64(times)), "minutes_between_retries": .double(minutes)])
    }

    /// start → a → end
    static let linear = [step("start", ["a"]), step("a", ["end"]), step("end", [])]
    /// start → (a, b) → join → end
    static let branch = [step("start", ["a", "b"]), step("a", ["join"]), step("b", ["join"]),
                         step("join", ["end"], join: true), step("end", [])]
    /// start → foreach outer → mid → foreach inner → leaf → inner_join → outer_join → end
    static let nestedForeach = [
        step("start", ["mid"], foreach: "xs"), step("mid", ["leaf"], foreach: "ys"), step("leaf", ["inner_join"]),
        step("inner_join", ["outer_join"], join: true), step("outer_join", ["end"], join: true), step("end", []),
    ]
}
