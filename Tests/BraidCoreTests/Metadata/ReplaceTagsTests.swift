import Testing
@testable import BraidCore

extension MetadataTests {
    @Suite struct ReplaceTagsTests {
        @Test func replacesInOneStep() throws {
            try withMetadataStore { store, _ in
                let id = try store.createRun(Fixture.run(userTags: ["draft", "v1"]))
                try store.replaceTags(run: id, remove: ["draft", "absent"], add: ["final", "v1"])
                #expect(try store.run(id: id)?.userTags == ["final", "v1"])
                #expect(try store.run(id: id)?.systemTags == ["language:python", "user:ana"])
            }
        }

        @Test func aSystemTagStopsTheWholeReplacement() throws {
            try withMetadataStore { store, _ in
                let id = try store.createRun(Fixture.run(userTags: ["draft"]))
                let error = #expect(throws: MetadataError.self) {
                    try store.replaceTags(run: id, remove: ["draft", "language:python"], add: ["final"])
                }
                #expect(error?.description == "'language:python' is a system tag of run \(id); system tags cannot be removed")
                #expect(try store.run(id: id)?.userTags == ["draft"])
            }
        }

        @Test func anInvalidNewTagStopsTheWholeReplacement() throws {
            try withMetadataStore { store, _ in
                let id = try store.createRun(Fixture.run(userTags: ["draft"]))
                let error = #expect(throws: MetadataError.self) { try store.replaceTags(run: id, remove: ["draft"], add: [" "]) }
                #expect(error?.description == "a tag cannot be empty")
                #expect(try store.run(id: id)?.userTags == ["draft"])
            }
        }
    }
}
