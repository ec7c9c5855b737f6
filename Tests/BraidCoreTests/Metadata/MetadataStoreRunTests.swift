import Foundation
import Testing
@testable import BraidCore

extension MetadataTests {
    @Suite struct MetadataStoreRunTests {
        @Test func recordsARunThroughItsLife() throws {
            try withMetadataStore { store, _ in
                let id = try store.createRun(Fixture.run(userTags: ["experiment"]))
                var run = try #require(try store.run(flow: "PricingFlow", id: id))
                #expect(run.status == .pending)
                #expect(run.user == "ana")
                #expect(run.specJSON == #"{"flow":"PricingFlow"}"#)
                #expect(run.parameters == ["rows": .int(500), "rate": .double(0.5)])
                #expect(run.createdAt == storedTime(0))
                #expect(run.startedAt == nil && run.finishedAt == nil && run.originRunID == nil)
                #expect(run.userTags == ["experiment"])
                #expect(run.systemTags == ["language:python", "user:ana"])
                #expect(run.pathspec == "PricingFlow/\(id)")

                try store.runStarted(id, at: storedTime(1))
                #expect(try store.run(id: id)?.status == .running)
                try store.runFinished(id, status: .succeeded, at: storedTime(9.5))
                run = try #require(try store.run(id: id))
                #expect(run.status == .succeeded)
                #expect(run.startedAt == storedTime(1))
                #expect(run.finishedAt == storedTime(9.5))
            }
        }

        @Test func aRunOfAnotherFlowIsNotFound() throws {
            try withMetadataStore { store, _ in
                let id = try store.createRun(Fixture.run(flow: "A"))
                #expect(try store.run(flow: "B", id: id) == nil)
                #expect(try store.run(id: id + 1) == nil)
            }
        }

        @Test func keepsTheResumeOrigin() throws {
            try withMetadataStore { store, _ in
                let origin = try store.createRun(Fixture.run())
                let resumed = try store.createRun(Fixture.run(origin: origin))
                #expect(try store.run(id: resumed)?.originRunID == origin)
                // An origin that does not exist is refused by the foreign key.
                let error = #expect(throws: SQLiteError.self) { try store.createRun(Fixture.run(origin: 999)) }
                #expect(error?.extendedCode == 787) // SQLITE_CONSTRAINT_FOREIGNKEY
            }
        }

        @Test func refusesUnknownRunsAndNonTerminalEnds() throws {
            try withMetadataStore { store, _ in
                let unknown = #expect(throws: MetadataError.self) { try store.runStarted(42, at: Date()) }
                #expect(unknown?.description == "there is no run 42 in the store")
                let id = try store.createRun(Fixture.run())
                let running = #expect(throws: MetadataError.self) { try store.runFinished(id, status: .running, at: Date()) }
                #expect(running?.description == "run \(id) cannot finish as running: a finished run is succeeded, failed or cancelled")
            }
        }

        @Test func listsRunsNewestFirstByFlowAndUser() throws {
            try withMetadataStore { store, _ in
                let a1 = try store.createRun(Fixture.run(flow: "A", user: "ana"))
                let b1 = try store.createRun(Fixture.run(flow: "B", user: "bo"))
                let a2 = try store.createRun(Fixture.run(flow: "A", user: "bo"))
                let a3 = try store.createRun(Fixture.run(flow: "A", user: "ana"))
                #expect(try store.runs().map(\.id) == [a3, a2, b1, a1])
                #expect(try store.runs(limit: 2).map(\.id) == [a3, a2])
                #expect(try store.runs(flow: "A").map(\.id) == [a3, a2, a1])
                #expect(try store.runs(user: "bo").map(\.id) == [a2, b1])
                #expect(try store.runs(flow: "A", user: "ana").map(\.id) == [a3, a1])
                #expect(try store.runs(flow: "C").isEmpty)
            }
        }

        @Test func findsTheLatestRun() throws {
            try withMetadataStore { store, _ in
                let ok = try store.createRun(Fixture.run(user: "ana"))
                try store.runFinished(ok, status: .succeeded, at: storedTime(3))
                let bosOK = try store.createRun(Fixture.run(user: "bo"))
                try store.runFinished(bosOK, status: .succeeded, at: storedTime(4))
                let failed = try store.createRun(Fixture.run(user: "ana"))
                try store.runFinished(failed, status: .failed, at: storedTime(5))
                #expect(try store.latestRun(flow: "PricingFlow")?.id == failed)
                #expect(try store.latestRun(flow: "PricingFlow", successfulOnly: true)?.id == bosOK)
                #expect(try store.latestRun(flow: "PricingFlow", successfulOnly: true, user: "ana")?.id == ok)
                #expect(try store.latestRun(flow: "PricingFlow", user: "bo")?.id == bosOK)
                #expect(try store.latestRun(flow: "Other") == nil)
            }
        }

        @Test func listsFlows() throws {
            try withMetadataStore { store, _ in
                #expect(try store.flows().isEmpty)
                let b1 = try store.createRun(Fixture.run(flow: "B", at: 5))
                _ = try store.createRun(Fixture.run(flow: "A", at: 1))
                let a2 = try store.createRun(Fixture.run(flow: "A", at: 7))
                #expect(try store.flows() == [
                    FlowRecord(name: "A", createdAt: storedTime(1), latestRunID: a2, runCount: 2),
                    FlowRecord(name: "B", createdAt: storedTime(5), latestRunID: b1, runCount: 1),
                ])
            }
        }
    }
}

extension MetadataTests {
    @Suite struct MetadataStoreTagTests {
        @Test func addsAndRemovesUserTags() throws {
            try withMetadataStore { store, _ in
                let id = try store.createRun(Fixture.run(userTags: ["b"]))
                try store.addTags(run: id, tags: ["a", "b", "c"])
                #expect(try store.tags(run: id) == [
                    RunTag(name: "language:python", isSystem: true), RunTag(name: "user:ana", isSystem: true),
                    RunTag(name: "a", isSystem: false), RunTag(name: "b", isSystem: false), RunTag(name: "c", isSystem: false),
                ])
                try store.removeTags(run: id, tags: ["b", "never-there"])
                #expect(try store.run(id: id)?.userTags == ["a", "c"])
            }
        }

        @Test func systemTagsCannotBeRemovedNorDemoted() throws {
            try withMetadataStore { store, _ in
                let id = try store.createRun(Fixture.run())
                // Adding a system tag as a user tag changes nothing.
                try store.addTags(run: id, tags: ["user:ana"])
                #expect(try store.run(id: id)?.systemTags == ["language:python", "user:ana"])
                #expect(try store.run(id: id)?.userTags == [])
                try store.addTags(run: id, tags: ["keep"])
                let error = #expect(throws: MetadataError.self) { try store.removeTags(run: id, tags: ["keep", "user:ana"]) }
                #expect(error?.code == .immutable)
                #expect(error?.description == "'user:ana' is a system tag of run \(id); system tags cannot be removed")
                // The whole call was one transaction: "keep" is still there.
                #expect(try store.run(id: id)?.userTags == ["keep"])
            }
        }

        @Test(arguments: [
            ("", "a tag cannot be empty"),
            ("  ", "a tag cannot be empty"),
            (String(repeating: "x", count: 501), "the tag '\(String(repeating: "x", count: 40))…' is 501 characters long; tags are at most 500"),
        ])
        func refusesInvalidTags(tag: String, message: String) throws {
            try withMetadataStore { store, _ in
                let id = try store.createRun(Fixture.run())
                let error = #expect(throws: MetadataError.self) { try store.addTags(run: id, tags: [tag]) }
                #expect(error?.description == message)
            }
        }

        @Test func tagsOfAnUnknownRun() throws {
            try withMetadataStore { store, _ in
                let error = #expect(throws: MetadataError.self) { try store.addTags(run: 7, tags: ["x"]) }
                #expect(error?.description == "there is no run 7 in the store")
                let tags = try store.tags(run: 7)
                #expect(tags.isEmpty)
            }
        }
    }
}
