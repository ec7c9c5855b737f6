import Testing
@testable import BraidCore

/// Random graphs from a fixed seed: validation never crashes, well-formed
/// graphs are always valid and have the nesting they were built with, and
/// every graph that validates satisfies ``GraphInvariants``.
extension GraphTests {
    @Suite struct GraphFuzz {
        @Test func randomSpecsNeverCrashValidation() {
            var random = SplitMix64(seed: 0xB4A1D)
            for _ in 0..<3000 {
                let spec = RandomSpecs.arbitrary(&random)
                let problems = GraphValidation.problems(in: spec)
                #expect(problems.allSatisfy { !$0.message.isEmpty })
                #expect(GraphValidation.problems(in: spec) == problems, "validation is deterministic")
                if problems.isEmpty, let graph = try? FlowGraph(validating: spec) {
                    GraphInvariants.check(graph)
                }
            }
        }

        @Test func wellFormedGraphsAreValidAndNestAsBuilt() throws {
            var random = SplitMix64(seed: 42)
            for _ in 0..<500 {
                let built = RandomSpecs.wellFormed(&random)
                #expect(GraphValidation.problems(in: built.spec).map(\.description) == [])
                let graph = try FlowGraph(validating: built.spec)
                GraphInvariants.check(graph)
                for (step, splits) in built.enclosingSplits {
                    #expect(graph.enclosingSplits(of: step) == splits, "\(step)")
                }
                for (join, expected) in built.joins {
                    #expect(graph.splitClosed(by: join) == expected.split)
                    #expect(graph.parents(of: join) == expected.parents)
                }
            }
        }

        @Test func mutatedWellFormedGraphsNeverCrash() {
            var random = SplitMix64(seed: 7)
            var (valid, invalid) = (0, 0)
            for _ in 0..<1500 {
                var spec = RandomSpecs.wellFormed(&random).spec
                RandomSpecs.mutate(&spec, &random)
                let problems = GraphValidation.problems(in: spec)
                if problems.isEmpty, let graph = try? FlowGraph(validating: spec) {
                    valid += 1
                    GraphInvariants.check(graph)
                } else {
                    invalid += 1
                }
            }
            // Both kinds occur, so both paths are exercised.
            #expect(valid > 0 && invalid > 0, "valid \(valid), invalid \(invalid)")
        }

        @Test func largeGraphsValidateQuickly() throws {
            // A chain of 3000 steps, then a 300-way branch and its join.
            var lines = ["start -> c0"] + (0..<2999).map { "c\($0) -> c\($0 + 1)" }
            lines.append("c2999 -> " + (0..<300).map { "b\($0)" }.joined(separator: ", "))
            lines += (0..<300).map { "b\($0) -> j" } + ["j* -> end", "end"]
            let graph = try TestFlow.graph(lines)
            #expect(graph.parents(of: "j").count == 300)
            #expect(graph.enclosingSplits(of: "b299") == ["c2999"])
        }
    }
}

/// A small, fast, seeded generator (Vigna's SplitMix64), so runs are repeatable.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
