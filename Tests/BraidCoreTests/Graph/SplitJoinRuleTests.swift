import Testing
@testable import BraidCore

/// SplitJoinRule: every split closed by a join on every path, joins that close
/// exactly one split, several parents only for a join.
extension GraphTests {
    @Suite struct SplitJoinRules {
        static let nothingToJoin = "is a join, but no branch or foreach is open on the way to it, so there is nothing to join; "
            + "make it a plain step (no inputs argument in Python, no `join = TRUE` in R)"

        @Test(arguments: [
            (["start -> a, b", "a -> end", "b -> end", "end"],
             ["flow.py:40: step 'end': is reached from 2 steps ('a', 'b') before the branch at 'start' is closed; add a join step that takes their inputs before 'end', and point them at it"]),
            (["start -> a foreach xs", "a -> end", "end"],
             ["flow.py:30: step 'end': is reached before the foreach at 'start' (over 'xs') is closed; add a join step (one that takes inputs) before 'end' to close it"]),
            (["start -> a foreach xs", "a -> b foreach ys", "b -> end", "end"],
             ["flow.py:40: step 'end': is reached before the foreach at 'start' (over 'xs') and the foreach at 'a' (over 'ys') are closed; add a join step for each before 'end', innermost first"]),
            (["start -> a foreach xs", "a -> b foreach ys", "b -> j", "j* -> end", "end"],
             ["flow.py:50: step 'end': is reached before the foreach at 'start' (over 'xs') is closed; add a join step (one that takes inputs) before 'end' to close it"]),
        ])
        func everySplitIsClosedBeforeEnd(lines: [String], expected: [String]) {
            #expect(TestFlow.problems(lines) == expected)
        }

        @Test(arguments: [
            (["start -> j", "j* -> end", "end"], ["flow.py:20: step 'j': \(nothingToJoin)"]),
            (["start* -> end", "end"], ["flow.py:10: step 'start': \(nothingToJoin)"]),
            (["start -> a, b", "a -> j", "b -> j", "j* -> k", "k* -> end", "end"], ["flow.py:50: step 'k': \(nothingToJoin)"]),
        ])
        func aJoinHasASplitToClose(lines: [String], expected: [String]) {
            #expect(TestFlow.problems(lines) == expected)
        }

        @Test(arguments: [
            (["start -> a, b", "a -> m", "b -> m", "m -> end", "end"],
             ["flow.py:40: step 'm': has 2 parents ('a', 'b') but is not a join; make it a join (it then takes inputs: `def m(self, inputs)` in Python, `join = TRUE` in R), or add a join step before it"]),
            // What follows a disagreement is not reported again: here 'j' would otherwise miss the path through 'b'.
            (["start -> a, b", "a -> m", "b -> m", "m -> j", "j* -> end", "end"],
             ["flow.py:40: step 'm': has 2 parents ('a', 'b') but is not a join; make it a join (it then takes inputs: `def m(self, inputs)` in Python, `join = TRUE` in R), or add a join step before it"]),
        ])
        func severalParentsMakeAJoin(lines: [String], expected: [String]) {
            #expect(TestFlow.problems(lines) == expected)
        }

        @Test(arguments: [
            (["start -> a, b, c", "a -> j", "b -> j", "c -> j2", "j* -> j2", "j2* -> end", "end"],
             ["flow.py:50: step 'j': closes the branch at 'start', but the path through 'c' doesn't lead to it; make the last step on each path transition to 'j'",
              "flow.py:60: step 'j2': joins steps from different splits: 'c' is inside the branch at 'start' but 'j' is outside any split; close each split with its own join, innermost first"]),
            (["start -> a, b, c", "a -> j", "j* -> end", "b -> end", "c -> end", "end"],
             ["flow.py:30: step 'j': closes the branch at 'start', but the paths through 'b', 'c' don't lead to it; make the last step on each path transition to 'j'",
              "flow.py:60: step 'end': is reached from 3 steps ('j', 'b', 'c'); add a join step that takes their inputs before 'end', and point them at it"]),
            (["start -> a, b", "a -> c, d", "c -> j", "d -> j", "b -> j", "j* -> end", "end"],
             ["flow.py:60: step 'j': joins steps from different splits: 'c' is inside the branch at 'a' but 'b' is inside the branch at 'start'; close each split with its own join, innermost first"]),
            (["start -> a foreach xs", "a -> b, c", "b -> j", "c -> k", "j* -> end", "k* -> end", "end"],
             ["flow.py:50: step 'j': closes the branch at 'a', but the path through 'c' doesn't lead to it; make the last step on each path transition to 'j'",
              "flow.py:60: step 'k': closes the branch at 'a', but the path through 'b' doesn't lead to it; make the last step on each path transition to 'k'",
              "flow.py:70: step 'end': is reached from 2 steps ('j', 'k') before the foreach at 'start' (over 'xs') is closed; add a join step that takes their inputs before 'end', and point them at it"]),
        ])
        func aJoinClosesTheInnermostSplitOnAllItsPaths(lines: [String], expected: [String]) {
            #expect(TestFlow.problems(lines) == expected)
        }

        @Test(arguments: [
            (["start -> j foreach xs", "j* -> end", "end"],
             ["flow.py:12: step 'start': fans out straight into its join 'j'; add a step between them that runs once per item"]),
            (["start -> a, j", "a -> j", "j* -> end", "end"],
             ["flow.py:12: step 'start': branches straight into its join 'j'; add a step on that path, or drop 'j' from the branch"]),
        ])
        func aSplitDoesNotGoStraightIntoItsJoin(lines: [String], expected: [String]) {
            #expect(TestFlow.problems(lines) == expected)
        }

        @Test(arguments: [
            ["start -> a, b", "a -> j", "b -> j", "j* -> end", "end"],
            ["start -> a foreach xs", "a -> b, c", "b -> j", "c -> j", "j* -> k", "k* -> end", "end"],
            ["start -> a, b", "a -> x foreach xs", "x -> y foreach ys", "y -> jy", "jy* -> jx", "jx* -> j", "b -> j", "j* -> end", "end"],
            ["start -> a", "a -> b, c, d", "b -> j", "c -> j", "d -> e", "e -> j", "j* -> end", "end"],
        ])
        func acceptsBalancedSplits(lines: [String]) {
            #expect(TestFlow.problems(lines).isEmpty)
        }
    }
}
