import Testing
@testable import BraidCore

extension GraphTests {
    @Suite struct ParameterRules {
        static let flow = ["start -> fit", "fit -> end", "end"]

        static func problems(_ parameters: [ParameterSpec]) -> [String] {
            TestFlow.problems(flow, parameters: parameters)
        }

        @Test(arguments: [
            (ParameterSpec(name: "rows", type: "int", default: .string("10"), line: 3),
             #"flow.py:3: parameter 'rows': the default is a string ("10"), which is not a valid int; give an integer (e.g. 3), or change the type"#),
            (ParameterSpec(name: "rows", type: "int", default: .double(2.5), line: 3),
             "flow.py:3: parameter 'rows': the default is a number (2.5), which is not a valid int; give an integer (e.g. 3), or change the type"),
            (ParameterSpec(name: "rate", type: "float", default: .bool(true), line: 3),
             "flow.py:3: parameter 'rate': the default is a boolean (true), which is not a valid float; give a number (e.g. 0.5), or change the type"),
            (ParameterSpec(name: "label", type: "str", default: .int(1), line: 3),
             "flow.py:3: parameter 'label': the default is an integer (1), which is not a valid str; give a string, or change the type"),
            (ParameterSpec(name: "dry", type: "bool", default: .string("no"), line: 3),
             #"flow.py:3: parameter 'dry': the default is a string ("no"), which is not a valid bool; give true or false, or change the type"#),
            (ParameterSpec(name: "rate", type: "flaot", line: 3),
             "flow.py:3: parameter 'rate': the type 'flaot' is not one Braid knows (did you mean 'float'?); use int, float, str, bool or json"),
            (ParameterSpec(name: "rate", type: "double", line: 3),
             "flow.py:3: parameter 'rate': the type 'double' is not one Braid knows; use int, float, str, bool or json"),
            (ParameterSpec(name: "index", type: "int", line: 3),
             "flow.py:3: parameter 'index': 'index' is reserved (every flow already has a 'index'); choose another name"),
            (ParameterSpec(name: "_rows", type: "int", line: 3),
             "flow.py:3: parameter '_rows': the name is not valid: use letters, digits and '_', starting with a letter (it becomes an artifact and a command-line option)"),
            (ParameterSpec(name: "max-rows", type: "int", line: 3),
             "flow.py:3: parameter 'max-rows': the name is not valid: use letters, digits and '_', starting with a letter (it becomes an artifact and a command-line option)"),
            (ParameterSpec(name: "fit", type: "int", line: 3),
             "flow.py:3: parameter 'fit': a step has the same name (flow.py:20); steps and parameters share the flow's names, so rename one of them"),
        ])
        func rejectsBadParameters(parameter: ParameterSpec, expected: String) {
            #expect(Self.problems([parameter]) == [expected])
        }

        @Test(arguments: [
            ParameterSpec(name: "rows", type: "int", default: .int(3)),
            ParameterSpec(name: "rate", type: "float", default: .int(3)),
            ParameterSpec(name: "rate", type: "float", default: .double(0.5)),
            ParameterSpec(name: "Label", type: "str", default: .string("x")),
            ParameterSpec(name: "dry_run", type: "bool", default: .bool(false)),
            ParameterSpec(name: "config", type: "json", default: .object(["a": .array([.int(1), .null])])),
            ParameterSpec(name: "seed", type: "int", required: true),
        ])
        func acceptsGoodParameters(parameter: ParameterSpec) {
            #expect(Self.problems([parameter]).isEmpty)
        }

        @Test func reportsRepeatedNamesAtEachRepeat() {
            let rows = ParameterSpec(name: "rows", type: "int", line: 3)
            var again = rows
            again.line = 7
            #expect(Self.problems([rows, again, ParameterSpec(name: "rows", type: "int")]) == [
                "flow.py:7: parameter 'rows': another parameter has the same name (flow.py:3); rename or remove one of them",
                "flow.py: parameter 'rows': another parameter has the same name (flow.py:3); rename or remove one of them",
            ])
        }
    }
}
