import Foundation
import Testing
@testable import BraidCore

extension TriggerTests {
    @Suite struct TriggerMatcherTests {
        func event(_ id: Int64, _ name: String, _ payload: [String: JSONValue] = [:]) -> EventRecord {
            EventRecord(id: id, name: name, payload: payload, publishedAt: Date(timeIntervalSince1970: Double(id)), publisher: "ana")
        }

        let single = TriggerCondition(kind: .event, eventNames: ["sales"], mappings: ["sales": nil])
        let pair = TriggerCondition(kind: .event, eventNames: ["prices", "stock"], mappings: ["prices": nil, "stock": nil])

        @Test func eachEventFiresAOneEventCondition() {
            var progress: TriggerMatcher.Progress = [:]
            let firings = TriggerMatcher.match([event(1, "sales"), event(2, "other"), event(3, "sales")],
                                               conditions: [single], progress: &progress)
            #expect(firings.map { $0.events.map(\.id) } == [[1], [3]])
            #expect(progress.isEmpty)
        }

        @Test func anAndConditionFiresOnceWithTheLatestOfEachName() {
            var progress: TriggerMatcher.Progress = [:]
            let firings = TriggerMatcher.match([event(1, "stock"), event(2, "stock"), event(3, "prices"), event(4, "stock")],
                                               conditions: [pair], progress: &progress)
            #expect(firings.map { $0.events.map(\.id) } == [[3, 2]])  // in the condition's order: prices, stock
            #expect(progress[pair.key]?.mapValues(\.id) == ["stock": 4])
        }

        @Test func progressCarriesAcrossCalls() {
            var progress: TriggerMatcher.Progress = [:]
            #expect(TriggerMatcher.match([event(1, "prices")], conditions: [pair], progress: &progress).isEmpty)
            let later = TriggerMatcher.match([event(7, "stock")], conditions: [pair], progress: &progress)
            #expect(later.map { $0.events.map(\.id) } == [[1, 7]])
        }

        @Test func firingsComeInEventOrderAcrossConditions() {
            var progress: TriggerMatcher.Progress = [:]
            let firings = TriggerMatcher.match([event(5, "stock"), event(2, "sales"), event(4, "prices")],
                                               conditions: [pair, single], progress: &progress)
            #expect(firings.map { $0.events.map(\.id) } == [[2], [4, 5]])
        }

        @Test func parametersFillByKeyByMappingAndConvert() throws {
            let spec = FlowSpec(flow: "F", language: "python", file: "/f.py", parameters: [
                ParameterSpec(name: "alpha", type: "float", default: .double(0.5)),
                ParameterSpec(name: "rows", type: "int", default: .int(10)),
                ParameterSpec(name: "label", type: "str"),
            ], steps: [])
            let values = try ParameterFill.values(spec: spec, events: [
                (event(1, "a", ["alpha": .string("0.7"), "label": .int(3)]), nil),
                (event(2, "b", ["n": .string("42")]), ["rows": "n"]),
            ])
            #expect(values == ["alpha": .double(0.7), "rows": .int(42), "label": .string("3")])
        }

        @Test func aValueThatDoesNotConvertNamesTheParameterTheEventAndTheValue() {
            let spec = FlowSpec(flow: "F", language: "python", file: "/f.py",
                                parameters: [ParameterSpec(name: "rows", type: "int", default: .int(1))], steps: [])
            #expect(throws: ParameterFill.Failure(description: "parameter 'rows' (int): the event 'sales' (id 9) gives \"many\", which is not a valid int")) {
                try ParameterFill.values(spec: spec, events: [(event(9, "sales", ["rows": .string("many")]), nil)])
            }
        }

        @Test func finishAndScheduleTriggersFillNothing() throws {
            let spec = FlowSpec(flow: "F", language: "python", file: "/f.py",
                                parameters: [ParameterSpec(name: "flow", type: "str", default: .string("mine"))], steps: [])
            let values = try ParameterFill.values(spec: spec, events: [(event(1, "braid.run.A.succeeded", ["flow": .string("A")]), nil)],
                                                  fillsParameters: false)
            #expect(values == ["flow": .string("mine")])
        }

        @Test func finishLoopsAreFoundWithTheirFlows() {
            #expect(FinishLoops.cycle(through: "A", waitsOn: ["A": ["B"], "B": ["A"]]) == ["A", "B"])
            #expect(FinishLoops.cycle(through: "A", waitsOn: ["A": ["B"], "B": ["C"], "C": ["A"]]) == ["A", "B", "C"])
            #expect(FinishLoops.cycle(through: "A", waitsOn: ["A": ["B"], "B": ["C"], "C": ["B"]]) == nil)
            #expect(FinishLoops.describe(["A", "B"]) == "A starts when B succeeds, and B starts when A succeeds")
        }

        @Test func eventNamesAreChecked() {
            #expect(EventNames.problem(with: "sales_updated") == nil)
            #expect(EventNames.problem(with: "") == "an event name cannot be empty")
            #expect(EventNames.problem(with: "a\u{7}b") == "the event name 'a\\u{7}b' has a control character (U+0007); use printable characters")
            #expect(EventNames.problem(with: "braid.run.X.succeeded")
                == "event names starting with 'braid.' are Braid's own ('braid.run.X.succeeded'); choose another name")
            #expect(EventNames.problem(with: " x") == "the event name ' x' starts or ends with white space")
        }

        @Test func payloadsMustBeSmallJSONObjects() throws {
            #expect(throws: EventError("the payload must be a JSON object ({\"key\": value, ...}), not a list")) {
                try EventNames.parsePayload("[1]")
            }
            #expect(throws: EventError("the payload is not valid JSON: {nope")) { try EventNames.parsePayload("{nope") }
            let big = "{\"a\": \"" + String(repeating: "x", count: EventNames.maxPayloadBytes) + "\"}"
            #expect(throws: EventError.self) { try EventNames.parsePayload(big) }
            let pairs = try EventNames.payload(fromPairs: ["day=2026-12-07", "rows=10", "ok=true"])
            #expect(pairs == ["day": .string("2026-12-07"), "rows": .int(10), "ok": .bool(true)])
        }
    }
}
