import Foundation
import Testing
@testable import BraidCore

extension GraphTests {
    @Suite struct FlowSpecDecoding {
        /// A minimal valid document; cases below change one thing in it.
        static func document(steps: String = #"{"name": "start", "language": "python", "file": "/f.py", "function": "start", "next": ["end"]}, {"name": "end", "language": "python", "file": "/f.py", "function": "end", "next": []}"#,
                             extra: String = "") -> String {
            #"{"spec_version": 1, "flow": "F", "language": "python", "file": "/f.py", \#(extra) "steps": [\#(steps)]}"#
        }

        @Test func decodesTheMixedLanguageFixture() throws {
            let spec = try SpecFixtures.spec("valid", "mixed_languages")
            #expect(spec.specVersion == 1)
            #expect(spec.flow == "PricingFlow")
            #expect(spec.interpreters == ["python": "/usr/bin/python3.11", "r": "/usr/bin/Rscript"])
            #expect(spec.parameters == [
                ParameterSpec(name: "rows", type: "int", default: .int(10000), help: "rows to simulate", line: 4),
                ParameterSpec(name: "label", type: "str", help: "a label for the run", required: true, line: 6),
            ])
            #expect(spec.steps.map(\.name) == ["start", "clean", "fit", "train", "join", "end"])
            let clean = try #require(spec.step(named: "clean"))
            #expect(clean == StepSpec(name: "clean", language: "r", file: "/home/ana/flows/clean.R", function: "clean_sales",
                                      line: 16, next: ["fit"], nextLine: 16))
            #expect(spec.step(named: "fit")?.foreach == "grid")
            #expect(spec.step(named: "join")?.join == true)
        }

        @Test func optionalFieldsTakeTheirDefaults() throws {
            let spec = try FlowSpec.decode(json: Self.document())
            #expect(spec.interpreters.isEmpty && spec.parameters.isEmpty)
            let start = spec.steps[0]
            #expect(start.line == nil && start.nextLine == nil && start.foreach == nil && !start.join && start.decorators.isEmpty)
            let withNull = try FlowSpec.decode(json: Self.document(extra: #""parameters": [{"name": "p", "type": "json", "default": null}],"#))
            #expect(withNull.parameters == [ParameterSpec(name: "p", type: "json")])
        }

        @Test func encodingRoundTrips() throws {
            for name in SpecFixtures.names("valid") {
                let spec = try SpecFixtures.spec("valid", name)
                #expect(try FlowSpec.decode(json: spec.jsonText) == spec, "\(name)")
            }
            #expect(try FlowSpec.decode(json: Self.document()).jsonText.contains(#""foreach":null"#))
        }

        @Test func acceptsAVersionWrittenAsAWholeNumber() throws {
            let text = Self.document().replacingOccurrences(of: #""spec_version": 1"#, with: #""spec_version": 1.0"#)
            #expect(try FlowSpec.decode(json: text).specVersion == 1)
        }

        @Test func ignoresUnknownKeys() throws {
            let spec = try FlowSpec.decode(json: Self.document(extra: #""future_field": {"x": 1},"#))
            #expect(spec.flow == "F")
        }

        @Test(arguments: [
            ("[]", "flow spec: expected a JSON object, found a list"),
            (#"{"spec_version": 2}"#,
             "flow spec: spec_version: version 2 is not supported: this engine reads version 1; use a braid client and engine from the same release"),
            (#"{"spec_version": "1"}"#,
             #"flow spec: spec_version: version "1" is not supported: this engine reads version 1; use a braid client and engine from the same release"#),
            (#"{"spec_version": 1.5}"#,
             "flow spec: spec_version: version 1.5 is not supported: this engine reads version 1; use a braid client and engine from the same release"),
            (#"{"flow": "F"}"#, "flow spec: missing field 'spec_version'"),
            (#"{"spec_version": 1, "language": "python", "file": "/f.py", "steps": []}"#, "flow spec: missing field 'flow'"),
            (document(steps: #"{"name": "start", "language": "python", "file": "/f.py", "next": []}"#),
             "flow spec: steps[0] (step 'start'): missing field 'function'"),
            (document(steps: #"{"name": "start", "language": "python", "file": "/f.py", "function": "start", "next": "end"}"#),
             #"flow spec: steps[0] (step 'start').next: expected a list, found a string ("end")"#),
            (document(steps: #"{"name": "start", "language": "python", "file": "/f.py", "function": null, "next": []}"#),
             "flow spec: steps[0] (step 'start').function: expected a string, found null"),
            (document(steps: #"{"name": 3, "language": "python", "file": "/f.py", "function": "f", "next": []}"#),
             "flow spec: steps[0].name: expected a string, found an integer (3)"),
            (document(steps: #"{"name": "a", "language": "python", "file": "/f.py", "function": "a", "next": [], "line": "5"}"#),
             #"flow spec: steps[0] (step 'a').line: expected an integer, found a string ("5")"#),
            (document(steps: #"{"name": "a", "language": "python", "file": "/f.py", "function": "a", "next": [], "join": 1}"#),
             "flow spec: steps[0] (step 'a').join: expected true or false, found an integer (1)"),
            (document(steps: #"{"name": "a", "language": "python", "file": "/f.py", "function": "a", "next": [], "decorators": [{"name": "retry", "args": [3]}]}"#),
             "flow spec: steps[0] (step 'a').decorators[0].args: expected an object, found a list"),
            (document(steps: #"{"name": "a", "language": "python", "file": "/f.py", "function": "a", "next": [], "decorators": [{"args": {}}]}"#),
             "flow spec: steps[0] (step 'a').decorators[0]: missing field 'name'"),
            (document(extra: #""parameters": [{"name": "rows", "type": "int", "line": 2.5}],"#),
             "flow spec: parameters[0].line: expected an integer, found a number (2.5)"),
            (document(steps: #"{"name": "a", "language": "python", "file": "/f.py", "function": "a", "next": [], "next_line": 1.5}"#),
             "flow spec: steps[0] (step 'a').next_line: expected an integer, found a number (1.5)"),
            (document(extra: #""interpreters": {"python": 3},"#),
             "flow spec: interpreters.python: expected a string, found an integer (3)"),
            (#"{"spec_version": 1, "flow": "F", "language": "python", "file": "/f.py", "steps": {}}"#,
             "flow spec: steps: expected a list, found an object"),
        ])
        func namesTheFieldAndStep(json: String, message: String) {
            #expect(throws: FlowSpecError.self) { try FlowSpec.decode(json: json) }
            do {
                _ = try FlowSpec.decode(json: json)
            } catch {
                #expect(error.description == message)
            }
        }

        @Test func reportsTextThatIsNotJSON() {
            do {
                _ = try FlowSpec.decode(json: "{not json")
                Issue.record("decoded text that is not JSON")
            } catch {
                #expect(error.path == nil)
                #expect(error.description.hasPrefix("flow spec: not valid JSON ("))
            }
        }
    }
}
