import Testing
@testable import BraidCore

/// FlowNameRule, LanguageRule and StepEntryRule, and the report of many problems at once.
extension GraphTests {
    @Suite struct FlowRules {
        @Test(arguments: [
            ("Pricing Flow", "flow.py: flow 'Pricing Flow': the flow name is not valid: use letters, digits and '_', starting with a letter (e.g. 'PricingFlow')"),
            ("_Flow", "flow.py: flow '_Flow': the flow name is not valid: use letters, digits and '_', starting with a letter (e.g. 'PricingFlow')"),
            ("", "flow.py: flow '': the flow name is not valid: use letters, digits and '_', starting with a letter (e.g. 'PricingFlow')"),
        ])
        func rejectsBadFlowNames(name: String, expected: String) {
            let spec = TestFlow.spec(["start -> end", "end"], flow: name)
            #expect(GraphValidation.problems(in: spec).map(\.description) == [expected])
        }

        @Test(arguments: ["PricingFlow", "flow2", "My_Flow"])
        func acceptsGoodFlowNames(name: String) {
            #expect(GraphValidation.problems(in: TestFlow.spec(["start -> end", "end"], flow: name)).isEmpty)
        }

        @Test func checksLanguagesAndInterpreters() {
            var spec = TestFlow.spec(["start -> end", "end"])
            spec.language = "Python"
            spec.interpreters = ["r": "Rscript", "python": "/usr/bin/python3", "julia": "/usr/bin/julia"]
            spec.steps[1].language = "R"
            #expect(GraphValidation.problems(in: spec).map(\.description) == [
                "flow.py: flow 'TestFlow': the flow's language 'Python' is not one Braid runs; use 'python' or 'r'",
                "flow.py: flow 'TestFlow': an interpreter is given for 'julia', which is not a language Braid runs; use 'python' or 'r'",
                "flow.py: flow 'TestFlow': the r interpreter 'Rscript' is not an absolute path; resolve it in the client, or leave it out and let the engine find one",
                "flow.py:20: step 'end': the step's language 'R' is not one Braid runs; use 'python' or 'r'",
            ])
        }

        @Test func checksWhereTheBodyIs() {
            var spec = TestFlow.spec(["start -> end", "end"])
            spec.steps[0].file = "flows/flow.py"
            spec.steps[1].function = ""
            #expect(GraphValidation.problems(in: spec).map(\.description) == [
                "flow.py:10: step 'start': the file 'flows/flow.py' is not an absolute path; the client must send the full path of the file holding the step",
                "flow.py:20: step 'end': names no function to call; give the function that holds the step's body",
            ])
        }

        /// One spec with a problem for many rules: all are reported, rule by rule, in declaration order within a rule.
        @Test func reportsEveryProblemAtOnce() {
            var spec = TestFlow.spec(["start -> Load, b", "Load -> j", "b -> jion", "j* -> end", "orphan -> end", "end"],
                                     parameters: [ParameterSpec(name: "b", type: "str", default: .int(1), line: 3)],
                                     flow: "my flow")
            spec.steps[3].decorators = [DecoratorSpec(name: "retry", args: ["times": .int(-1)], line: 39)]
            spec.steps[2].language = "julia"
            let problems = GraphValidation.problems(in: spec)
            #expect(problems.map(\.description) == [
                "flow.py: flow 'my flow': the flow name is not valid: use letters, digits and '_', starting with a letter (e.g. 'PricingFlow')",
                "flow.py:20: step 'Load': the name is not valid: use lowercase letters, digits and '_', not starting with a digit (e.g. 'fit_model')",
                "flow.py:30: step 'b': the step's language 'julia' is not one Braid runs; use 'python' or 'r'",
                "flow.py:32: step 'b': transitions to 'jion', which is not a step of this flow; fix the name or add the step",
                "flow.py:50: step 'orphan': can't be reached from 'start': no step that runs transitions to it; add it to another step's next, or remove it",
                "flow.py:3: parameter 'b': a step has the same name (flow.py:30); steps and parameters share the flow's names, so rename one of them",
                "flow.py:3: parameter 'b': the default is an integer (1), which is not a valid str; give a string, or change the type",
                "flow.py:39: step 'j': @retry: 'times' must be an integer from 0 to 10, found an integer (-1)",
            ])
            #expect(problems[1].step == "Load" && problems[0].step == nil)
            #expect(problems[5].subject == .parameter("b"))
            let error = GraphValidationError(flow: spec.flow, problems: problems)
            #expect(throws: error) { try FlowGraph(validating: spec) }
            #expect(error.description.hasPrefix("flow 'my flow' has 8 problems:\n  flow.py: flow 'my flow': the flow name"))
            #expect(error.description.split(separator: "\n").count == 9)
        }

        @Test func aProblemDescribesItself() {
            let problem = GraphProblem(.step("fit"), at: SourceLocation(file: "/home/ana/flows/pricing.py", line: 13), "what to do")
            #expect(problem.description == "pricing.py:13: step 'fit': what to do")
            #expect(problem.location.file == "/home/ana/flows/pricing.py")
            #expect(SourceLocation(file: "/x/clean.R", line: nil).description == "clean.R")
            let one = GraphValidationError(flow: "F", problems: [problem])
            #expect(one.description == "flow 'F' has 1 problem:\n  pricing.py:13: step 'fit': what to do")
        }
    }
}
