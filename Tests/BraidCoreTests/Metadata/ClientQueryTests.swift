import Foundation
import Testing
@testable import BraidCore

extension MetadataTests {
    /// The reads behind `braid api get`: pages of runs, a step's tasks whole, flows by namespace.
    @Suite struct ClientQueryTests {
        @Test func pagesOfRunsComeNewestFirstWithWhetherMoreFollow() throws {
            try withMetadataStore { store, _ in
                let ids = try (0..<7).map { try store.createRun(Fixture.run(at: Double($0))) }
                _ = try store.createRun(Fixture.run(flow: "OtherFlow"))
                let first = try store.runPage(RunPageRequest(flow: "PricingFlow", limit: 3))
                #expect(first.runs.map(\.id) == Array(ids.reversed().prefix(3)) && first.hasMore)
                let next = try store.runPage(RunPageRequest(flow: "PricingFlow", before: first.runs.last!.id, limit: 3))
                #expect(next.runs.map(\.id) == Array(ids.reversed().dropFirst(3).prefix(3)) && next.hasMore)
                let last = try store.runPage(RunPageRequest(flow: "PricingFlow", before: next.runs.last!.id, limit: 3))
                #expect(last.runs.map(\.id) == [ids[0]] && !last.hasMore)
                #expect(try store.runPage(RunPageRequest(flow: "PricingFlow", limit: 0)) == RunPage(runs: [], hasMore: true))
                #expect(try store.runPage(RunPageRequest(flow: "NoFlow", limit: 5)) == RunPage(runs: [], hasMore: false))
            }
        }

        @Test func runsCarryEveryTagAskedForAndBelongToTheUserAskedFor() throws {
            try withMetadataStore { store, _ in
                let a = try store.createRun(Fixture.run(userTags: ["nightly", "gpu"]))
                let b = try store.createRun(Fixture.run(userTags: ["nightly"]))
                let c = try store.createRun(Fixture.run(user: "bo", userTags: ["nightly", "gpu"]))
                let page = { (user: String?, tags: [String]) in
                    try store.runPage(RunPageRequest(flow: "PricingFlow", user: user, tags: tags, limit: 10)).runs.map(\.id)
                }
                #expect(try page(nil, ["nightly"]) == [c, b, a])
                #expect(try page(nil, ["nightly", "gpu"]) == [c, a])
                #expect(try page("ana", ["nightly", "gpu"]) == [a])
                #expect(try page(nil, ["user:bo"]) == [c]) // system tags count too
                #expect(try page(nil, ["nightly", "nope"]) == [])
                // A page's summaries carry each run's tags, user and system apart, each sorted.
                let summaries = try store.runPage(RunPageRequest(flow: "PricingFlow", limit: 10)).runs
                #expect(summaries.map(\.userTags) == [["gpu", "nightly"], ["nightly"], ["gpu", "nightly"]])
                #expect(summaries.map(\.systemTags) == [["language:python", "user:bo"], ["language:python", "user:ana"],
                                                        ["language:python", "user:ana"]])
                #expect(try summaries.map { try #require(try store.run(id: $0.id)).summary } == summaries)
            }
        }

        @Test func aStepsTasksComeWholeWithAttemptsArtifactsParentsAndChildren() throws {
            try withMetadataStore { store, _ in
                let run = try store.createRun(Fixture.run())
                let start = try Fixture.recordTask(store, run: run, step: "start", artifacts: 1)
                let work = try (0..<3).map { _ in try Fixture.recordTask(store, run: run, step: "work", parents: [start], artifacts: 2) }
                let join = try Fixture.recordTask(store, run: run, step: "join", parents: work.reversed(), artifacts: 0)

                let details = try store.stepDetails(run: run, step: "work")
                #expect(details.tasks.map(\.id) == work)
                for task in work {
                    #expect(details.attempts[task]?.map(\.attempt) == [0])
                    #expect(details.artifacts[task]?.map(\.name) == ["a0", "a1"])
                    #expect(details.parents[task] == [TaskLink(id: start, run: run, step: "start")])
                    #expect(details.children[task] == [TaskLink(id: join, run: run, step: "join")])
                }
                // A join's parents keep their input order; a split's children come by id.
                #expect(try store.stepDetails(run: run, step: "join").parents[join]?.map(\.id) == work.reversed())
                #expect(try store.stepDetails(run: run, step: "start").children[start]?.map(\.id) == work)

                let one = try store.stepDetails(run: run, step: "work", task: work[1])
                #expect(one.tasks.map(\.id) == [work[1]] && one.attempts.keys.sorted() == [work[1]])
                #expect(try store.stepDetails(run: run, step: "work", task: start).tasks.isEmpty) // not of that step
                #expect(try store.stepDetails(run: run, step: "nostep").tasks.isEmpty)
            }
        }

        @Test func flowsAreListedWithTheRunsTheNamespaceSees() throws {
            try withMetadataStore { store, _ in
                _ = try store.createRun(Fixture.run(flow: "BFlow", at: 1))
                let latestB = try store.createRun(Fixture.run(flow: "BFlow", user: "bo", at: 2))
                let onlyA = try store.createRun(Fixture.run(flow: "AFlow", at: 3, userTags: ["nightly"]))
                let all = try store.flowSummaries(user: nil, tag: nil)
                #expect(all == [FlowSummary(name: "AFlow", runCount: 1, latestRunID: onlyA, latestCreatedAt: storedTime(3)),
                                FlowSummary(name: "BFlow", runCount: 2, latestRunID: latestB, latestCreatedAt: storedTime(2))])
                #expect(try store.flowSummaries(user: "bo", tag: nil).map(\.name) == ["BFlow"])
                #expect(try store.flowSummaries(user: nil, tag: "nightly").map(\.name) == ["AFlow"])
                #expect(try store.flowSummaries(user: "bo", tag: "nightly").isEmpty)
            }
        }
    }
}
