import Foundation
import Testing
@testable import BraidCore

extension MetadataTests {
    /// The hand-written JSON of the hot path matches what JSONEncoder writes, and reads back.
    @Suite struct StoredJSONTests {
        @Test(arguments: [
            [String](),
            ["join"],
            ["a", "quote\"back\\slash", "new\nline\ttab", "\u{01}control", "ünï €"],
        ])
        func stringArrays(strings: [String]) throws {
            let text = StoredJSON.encode(strings: strings)
            #expect(text == (try StoredJSON.encode(strings)))
            #expect(try StoredJSON.decode([String].self, text, table: "t", column: "c") == strings)
        }

        @Test func foreachStacks() throws {
            let frames = [ForeachFrame(step: "fit", artifact: "grid", index: 2, count: 3),
                          ForeachFrame(step: "a\"b", artifact: "x/y", index: 0, count: 1)]
            for stack in [[], frames] {
                let text = StoredJSON.encode(frames: stack)
                #expect(text == (try StoredJSON.encode(stack)))
                #expect(try StoredJSON.decode([ForeachFrame].self, text, table: "tasks", column: "foreach_stack_json") == stack)
            }
        }

        @Test func namesTheColumnOfUnreadableJSON() throws {
            let error = #expect(throws: MetadataError.self) {
                try StoredJSON.decode([String].self, "[1,", table: "tasks", column: "next_steps_json")
            }
            #expect(error?.code == .corruptRecord)
            #expect(error?.description == "tasks.next_steps_json holds [1,, which is not the JSON this engine writes there")
        }
    }
}
