import Testing
@testable import BraidCore

/// Every valid fixture builds a graph; transitions, parents and split nesting are what the scheduler needs.
extension GraphTests {
    @Suite struct FlowGraphs {
        @Test(arguments: SpecFixtures.names("valid"))
        func everyValidFixtureBuildsAGraph(fixture: String) throws {
            let spec = try SpecFixtures.spec("valid", fixture)
            #expect(GraphValidation.problems(in: spec).isEmpty)
            let graph = try FlowGraph(validating: spec)
            #expect(graph.stepNames == spec.steps.map(\.name))
            #expect(graph.topologicalOrder.first == "start" && graph.topologicalOrder.last == "end")
            #expect(Set(graph.topologicalOrder) == Set(graph.stepNames))
            #expect(graph.start.name == "start" && graph.end.name == "end")
            GraphInvariants.check(graph)
        }

        @Test func linear() throws {
            let graph = try SpecFixtures.graph("linear")
            #expect(graph.stepNames == ["start", "clean", "end"])
            #expect(graph.transition(of: "start") == .linear("clean"))
            #expect(graph.transition(of: "clean") == .linear("end"))
            #expect(graph.transition(of: "end") == .end)
            #expect(graph.parents(of: "start") == [] && graph.parents(of: "end") == ["clean"])
            #expect(graph.stepNames.allSatisfy { graph.enclosingSplits(of: $0).isEmpty && !graph.isJoin($0) })
            #expect(graph.step(named: "nope") == nil)
        }

        @Test func joinParentsFollowTheBranchOrder() throws {
            let graph = try SpecFixtures.graph("branch")
            #expect(graph.transition(of: "start") == .branch(["left", "right", "middle"]))
            // Declared left_more, middle, right; the branch says left, right, middle.
            #expect(graph.parents(of: "join") == ["left_more", "right", "middle"])
            #expect(graph.isJoin("join") && !graph.isJoin("start"))
            #expect(graph.splitClosed(by: "join") == "start")
            #expect(graph.joinClosing(split: "start") == "join")
            #expect(graph.enclosingSplits(of: "left_more") == ["start"])
            #expect(graph.enclosingSplits(of: "start") == [] && graph.enclosingSplits(of: "join") == [])
            #expect(graph.enclosingForeaches(of: "left_more") == [])
            #expect(graph.topologicalOrder == ["start", "left", "left_more", "middle", "right", "join", "end"])
        }

        @Test func nestedForeach() throws {
            let graph = try SpecFixtures.graph("nested_foreach")
            #expect(graph.transition(of: "regions") == .foreach("models", artifact: "region_list"))
            #expect(graph.transition(of: "models") == .foreach("fit", artifact: "model_list"))
            #expect(graph.enclosingSplits(of: "models") == ["regions"])
            #expect(graph.enclosingSplits(of: "fit") == ["regions", "models"])
            #expect(graph.enclosingForeaches(of: "fit") == ["regions", "models"])
            #expect(graph.enclosingSplits(of: "pick_model") == ["regions"])
            #expect(graph.enclosingSplits(of: "pick_region") == [])
            #expect(graph.splitClosed(by: "pick_model") == "models")
            #expect(graph.splitClosed(by: "pick_region") == "regions")
            #expect(graph.joinClosing(split: "regions") == "pick_region")
            #expect(graph.parents(of: "pick_model") == ["fit"])
            #expect(graph.parents(of: "pick_region") == ["pick_model"])
        }

        @Test func foreachInsideBranch() throws {
            let graph = try SpecFixtures.graph("foreach_inside_branch")
            #expect(graph.transition(of: "start") == .branch(["batch", "summary"]))
            #expect(graph.transition(of: "batch") == .foreach("score", artifact: "chunks"))
            #expect(graph.enclosingSplits(of: "batch") == ["start"])
            #expect(graph.enclosingSplits(of: "score") == ["start", "batch"])
            #expect(graph.enclosingForeaches(of: "score") == ["batch"])
            #expect(graph.enclosingSplits(of: "gather") == ["start"])
            #expect(graph.enclosingSplits(of: "summary") == ["start"])
            #expect(graph.splitClosed(by: "gather") == "batch")
            #expect(graph.splitClosed(by: "merge") == "start")
            #expect(graph.parents(of: "merge") == ["gather", "summary"])
        }

        @Test func branchInsideForeach() throws {
            let graph = try SpecFixtures.graph("branch_inside_foreach")
            #expect(graph.transition(of: "start") == .foreach("fan", artifact: "items"))
            #expect(graph.transition(of: "fan") == .branch(["stats", "plot"]))
            #expect(graph.enclosingSplits(of: "fan") == ["start"])
            #expect(graph.enclosingSplits(of: "plot") == ["start", "fan"])
            #expect(graph.enclosingForeaches(of: "plot") == ["start"])
            #expect(graph.enclosingSplits(of: "combine") == ["start"])
            #expect(graph.splitClosed(by: "combine") == "fan")
            #expect(graph.splitClosed(by: "collect") == "start")
            #expect(graph.parents(of: "combine") == ["stats", "plot"])
            #expect(graph.parents(of: "collect") == ["combine"])
        }

        @Test func mixedLanguages() throws {
            let graph = try SpecFixtures.graph("mixed_languages")
            let clean = try #require(graph.step(named: "clean"))
            #expect(clean.language == "r" && clean.function == "clean_sales" && clean.file == "/home/ana/flows/clean.R")
            #expect(graph.step(named: "fit")?.language == "python")
            #expect(graph.transition(of: "fit") == .foreach("train", artifact: "grid"))
            #expect(graph.enclosingSplits(of: "train") == ["fit"])
            #expect(graph.splitClosed(by: "join") == "fit")
            #expect(graph.topologicalOrder == ["start", "clean", "fit", "train", "join", "end"])
        }

        @Test func transitionsDescribeThemselves() {
            #expect(Transition.linear("a").targets == ["a"] && !Transition.linear("a").isSplit)
            #expect(Transition.branch(["a", "b"]).isSplit && Transition.foreach("a", artifact: "xs").isSplit)
            #expect(Transition.end.targets.isEmpty)
            #expect(Transition.foreach("a", artifact: "xs").description == "=> a (foreach over 'xs')")
            #expect(Transition.branch(["a", "b"]).description == "=> a, b")
        }
    }
}

/// What holds for every valid graph, checked on fixtures and random graphs.
enum GraphInvariants {
    static func check(_ graph: FlowGraph, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let position = Dictionary(uniqueKeysWithValues: graph.topologicalOrder.enumerated().map { ($1, $0) })
        for name in graph.stepNames {
            let transition = graph.transition(of: name)
            for child in transition.targets {
                #expect(graph.parents(of: child).contains(name), "\(child) lists \(name) as a parent", sourceLocation: sourceLocation)
                #expect(position[name]! < position[child]!, "\(name) comes before \(child)", sourceLocation: sourceLocation)
                // A child runs in the parent's splits, plus the parent if it splits, minus the split a join closes.
                var expected = graph.enclosingSplits(of: name) + (transition.isSplit ? [name] : [])
                if graph.isJoin(child) { expected.removeLast() }
                #expect(graph.enclosingSplits(of: child) == expected, "splits of \(child)", sourceLocation: sourceLocation)
            }
            for parent in graph.parents(of: name) {
                #expect(graph.transition(of: parent).targets.contains(name), sourceLocation: sourceLocation)
            }
            if graph.isJoin(name) {
                let split = graph.splitClosed(by: name)
                #expect(graph.joinClosing(split: split) == name, sourceLocation: sourceLocation)
                #expect(graph.parents(of: name).count == graph.transition(of: split).targets.count, sourceLocation: sourceLocation)
            } else {
                #expect(graph.parents(of: name).count == (name == "start" ? 0 : 1), "\(name) has one parent", sourceLocation: sourceLocation)
            }
            if transition.isSplit {
                #expect(graph.isJoin(graph.joinClosing(split: name)), sourceLocation: sourceLocation)
            }
        }
        #expect(graph.enclosingSplits(of: "end").isEmpty, sourceLocation: sourceLocation)
    }
}
