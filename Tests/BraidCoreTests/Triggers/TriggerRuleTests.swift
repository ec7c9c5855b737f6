import Foundation
import Testing
@testable import BraidCore

extension TriggerTests {
    /// The engine's checks of `triggers` in a spec, each message exact.
    @Suite struct TriggerRuleTests {
        func problems(_ triggers: [TriggerSpec], parameters: [ParameterSpec] = [ParameterSpec(name: "alpha", type: "float")]) -> [String] {
            var spec = TestFlow.spec(["start -> end", "end"], parameters: parameters)
            spec.triggers = triggers
            return GraphValidation.problems(in: spec).map(\.description)
        }

        @Test func aValidSetHasNoProblems() {
            #expect(problems([
                TriggerSpec(kind: .event, events: [.init(name: "sales", parameters: ["alpha": "a"])], line: 1),
                TriggerSpec(kind: .event, events: [.init(name: "prices"), .init(name: "stock")], line: 2),
                TriggerSpec(kind: .runFinished, flows: ["Ingest"], line: 3),
                TriggerSpec(kind: .schedule, cron: "*/15 * * * *", timezone: "Europe/Helsinki", line: 4),
            ]).isEmpty)
        }

        @Test func eachProblemNamesTheDecoratorAndItsLine() {
            #expect(problems([
                TriggerSpec(kind: .event, events: [.init(name: "sales", parameters: ["alpah": "a"])], maxConcurrent: 2, line: 1),
                TriggerSpec(kind: .event, events: [.init(name: "sales")], maxConcurrent: 3, line: 2),
                TriggerSpec(kind: .runFinished, flows: ["TestFlow"], line: 3),
                TriggerSpec(kind: .schedule, cron: "61 * * * *", line: 4),
                TriggerSpec(kind: .schedule, cron: "* * * * *", timezone: "Nowhere/City", line: 5),
                TriggerSpec(kind: .event, events: [.init(name: "braid.x")], line: 6),
                TriggerSpec(kind: .event, events: [], flows: ["A"], line: 7),
            ]) == [
                "flow.py:1: flow 'TestFlow': @trigger: maps the payload field 'a' of 'sales' to 'alpah', which is not a Parameter of TestFlow (did you mean 'alpha'?)",
                "flow.py:2: flow 'TestFlow': @trigger: max_concurrent is 3 here but 2 at line 1; a deployment has one limit, so give it once or the same everywhere",
                "flow.py:2: flow 'TestFlow': @trigger: the event 'sales' is also in the trigger at line 1; one event would then satisfy two conditions, so list it in one",
                "flow.py:3: flow 'TestFlow': @trigger_on_finish: TestFlow cannot start on its own finish: every run would start another, without end",
                "flow.py:4: flow 'TestFlow': @schedule: the cron minute field '61' has 61, outside 0-59",
                "flow.py:5: flow 'TestFlow': @schedule: a flow has one schedule, and there is another at line 4; combine them into one cron expression",
                "flow.py:5: flow 'TestFlow': @schedule: the time zone 'Nowhere/City' does not exist; use an IANA name such as 'Europe/Helsinki' or 'UTC'",
                "flow.py:6: flow 'TestFlow': @trigger: event names starting with 'braid.' are Braid's own ('braid.x'); choose another name",
                "flow.py:7: flow 'TestFlow': @trigger: has 'flows', which belongs to another kind of trigger",
                "flow.py:7: flow 'TestFlow': @trigger: names no event; give event=\"name\" or events=[...]",
            ])
        }

        @Test func specsWithoutTriggersKeepTheirJSON() throws {
            let spec = TestFlow.spec(["start -> end", "end"])
            #expect(!spec.jsonText.contains("triggers"))
            var triggered = spec
            triggered.triggers = [TriggerSpec(kind: .event, events: [.init(name: "sales")], line: 3)]
            let decoded = try FlowSpec.decode(json: triggered.jsonText)
            #expect(decoded.triggers == triggered.triggers)
        }
    }
}
