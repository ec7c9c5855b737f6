import Testing
@testable import BraidCore

/// SingleStartEndRule, StepNameRule, TransitionShapeRule and TransitionTargetRule.
extension GraphTests {
    @Suite struct StepRules {
        static let invalidName = "the name is not valid: use lowercase letters, digits and '_', not starting with a digit (e.g. 'fit_model')"

        @Test(arguments: [
            (["begin -> end", "end"], ["flow.py: flow 'TestFlow': has no 'start' step; name the step every run begins with 'start'"]),
            (["start -> finish", "finish"], ["flow.py: flow 'TestFlow': has no 'end' step; name the step every run finishes with 'end'"]),
            ([], ["flow.py: flow 'TestFlow': has no 'start' step; name the step every run begins with 'start'",
                  "flow.py: flow 'TestFlow': has no 'end' step; name the step every run finishes with 'end'"]),
        ])
        func requiresStartAndEnd(lines: [String], expected: [String]) {
            #expect(TestFlow.problems(lines) == expected)
        }

        @Test(arguments: [
            ("Fit", "flow.py:20: step 'Fit': \(invalidName)"),
            ("9lives", "flow.py:20: step '9lives': \(invalidName)"),
            ("my-step", "flow.py:20: step 'my-step': \(invalidName)"),
            ("input", "flow.py:20: step 'input': 'input' is reserved (every flow already has a 'input'); choose another name"),
            ("foreach_stack", "flow.py:20: step 'foreach_stack': 'foreach_stack' is reserved (every flow already has a 'foreach_stack'); choose another name"),
            (String(repeating: "s", count: 65),
             "flow.py:20: step '\(String(repeating: "s", count: 65))': the name is 65 characters long; use at most 64"),
        ])
        func rejectsUnsafeStepNames(name: String, expected: String) {
            #expect(TestFlow.problems(["start -> \(name)", "\(name) -> end", "end"]) == [expected])
        }

        @Test(arguments: ["_private", "a1", "fit_model", String(repeating: "s", count: 64)])
        func acceptsSafeStepNames(name: String) {
            #expect(TestFlow.problems(["start -> \(name)", "\(name) -> end", "end"]).isEmpty)
        }

        @Test func reportsEachRepeatedName() {
            #expect(TestFlow.problems(["start -> a", "a -> end", "a -> end", "end", "a -> end"]) == [
                "flow.py:30: step 'a': another step has the same name (flow.py:20); rename or remove one of them",
                "flow.py:50: step 'a': another step has the same name (flow.py:20); rename or remove one of them",
            ])
        }

        @Test(arguments: [
            (["start -> a", "a -> end", "end -> a"],
             ["flow.py:32: step 'end': 'end' finishes the run, so it can't transition (it names 'a'); remove its next"]),
            (["start -> end", "end*"],
             ["flow.py:20: step 'end': 'end' can't be a join; add a join step that takes the inputs and transitions to 'end'"]),
            (["start -> a, b foreach items", "a -> end", "b -> end", "end"],
             ["flow.py:12: step 'start': fans out over 'items' but names 2 next steps ('a', 'b'); a foreach goes to exactly one step, which runs once per item"]),
            (["start -> a foreach 2x", "a -> j", "j* -> end", "end"],
             ["flow.py:12: step 'start': '2x' is not an artifact name to fan out over; name the list, vector or table artifact (letters, digits and '_')"]),
            (["start -> a, a, b", "a -> j", "b -> j", "j* -> end", "end"],
             ["flow.py:12: step 'start': names 'a' more than once in its next; each path of a branch must go to a different step"]),
            (["start -> a, b", "a -> j", "b -> j", "j* -> c, d", "c -> k", "d -> k", "k* -> end", "end"],
             ["flow.py:42: step 'j': is a join and also branches to 'c', 'd'; a step can't do both: add a step after 'j' that does the split"]),
            (["start -> a, b", "a -> j", "b -> j", "j* -> c foreach xs", "c -> k", "k* -> end", "end"],
             ["flow.py:42: step 'j': is a join and also fans out over 'xs'; a step can't do both: add a step after 'j' that does the split"]),
        ])
        func checksTheShapeOfTransitions(lines: [String], expected: [String]) {
            #expect(TestFlow.problems(lines) == expected)
        }

        @Test(arguments: [
            (["start -> trian", "train -> end", "end"],
             ["flow.py:12: step 'start': transitions to 'trian', which is not a step of this flow (did you mean 'train'?); fix the name or add the step"]),
            (["start -> a", "a -> nowhere, end", "end"],
             ["flow.py:22: step 'a': transitions to 'nowhere', which is not a step of this flow; fix the name or add the step"]),
            (["start -> a", "a -> start", "end"],
             ["flow.py:22: step 'a': transitions to 'start', where every run begins; no step may lead back to it: point it at another step",
              "flow.py:30: step 'end': can't be reached from 'start': no step that runs transitions to it; add it to another step's next, or remove it"]),
            (["start -> x, x", "end"],
             ["flow.py:12: step 'start': names 'x' more than once in its next; each path of a branch must go to a different step",
              "flow.py:12: step 'start': transitions to 'x', which is not a step of this flow; fix the name or add the step",
              "flow.py:20: step 'end': can't be reached from 'start': no step that runs transitions to it; add it to another step's next, or remove it"]),
        ])
        func checksTransitionTargets(lines: [String], expected: [String]) {
            #expect(TestFlow.problems(lines) == expected)
        }
    }
}
