import Testing
@testable import BraidCore

/// ReachabilityRule and AcyclicityRule.
extension GraphTests {
    @Suite struct ReachabilityRules {
        static let unreachable = "can't be reached from 'start': no step that runs transitions to it; add it to another step's next, or remove it"
        static let deadEnd = "has no next step, so runs that reach it never get to 'end'; add a transition (only 'end' may finish a run)"
        static let noLoops = "a flow can't loop: point it at a later step (to repeat work, use a foreach)"

        @Test(arguments: [
            (["start -> end", "orphan -> end", "end"], ["flow.py:20: step 'orphan': \(unreachable)"]),
            (["start -> end", "orphan -> also", "also -> end", "end"],
             ["flow.py:20: step 'orphan': \(unreachable)", "flow.py:30: step 'also': \(unreachable)"]),
            (["start -> end", "end -> orphan", "orphan -> end"],
             ["flow.py:22: step 'end': 'end' finishes the run, so it can't transition (it names 'orphan'); remove its next",
              "flow.py:30: step 'orphan': \(unreachable)"]),
            (["start -> a", "a", "end"], ["flow.py:20: step 'a': \(deadEnd)", "flow.py:30: step 'end': \(unreachable)"]),
            (["start -> a, b", "a", "b -> j", "j* -> end", "end"],
             ["flow.py:20: step 'a': \(deadEnd)",
              "flow.py:40: step 'j': closes the branch at 'start', but the path through 'a' doesn't lead to it; make the last step on each path transition to 'j'"]),
            // Without an end step, the missing end is the one problem to report.
            (["start -> a", "a"], ["flow.py: flow 'TestFlow': has no 'end' step; name the step every run finishes with 'end'"]),
        ])
        func everyStepIsReachableAndReachesEnd(lines: [String], expected: [String]) {
            #expect(TestFlow.problems(lines) == expected)
        }

        @Test func aTypoDoesNotMakeTheStepsAfterItUnreachable() {
            #expect(TestFlow.problems(["start -> fti", "fit -> tarin", "train -> end", "end"]) == [
                "flow.py:12: step 'start': transitions to 'fti', which is not a step of this flow (did you mean 'fit'?); fix the name or add the step",
                "flow.py:22: step 'fit': transitions to 'tarin', which is not a step of this flow (did you mean 'train'?); fix the name or add the step",
            ])
        }

        @Test(arguments: [
            (["start -> a", "a -> b", "b -> a, end", "end"],
             ["flow.py:32: step 'b': transitions back to 'a', closing the loop a -> b -> a; \(noLoops)"]),
            (["start -> a", "a -> a, end", "end"],
             ["flow.py:22: step 'a': transitions to itself, which would loop forever; \(noLoops)"]),
            (["start -> a, c", "a -> b", "b -> a, j", "c -> d", "d -> c, j", "j* -> end", "end"],
             ["flow.py:32: step 'b': transitions back to 'a', closing the loop a -> b -> a; \(noLoops)",
              "flow.py:52: step 'd': transitions back to 'c', closing the loop c -> d -> c; \(noLoops)"]),
            (["start -> a", "a -> b", "b -> c", "c -> d, a", "d -> b, end", "end"],
             ["flow.py:42: step 'c': transitions back to 'a', closing the loop a -> b -> c -> a; \(noLoops)"]),
        ])
        func reportsEachLoopOnce(lines: [String], expected: [String]) {
            #expect(TestFlow.problems(lines) == expected)
        }
    }
}
