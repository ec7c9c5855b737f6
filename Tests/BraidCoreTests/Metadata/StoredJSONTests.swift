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
                #expect(try StoredJSON.decode(frames: text, table: "tasks", column: "foreach_stack_json") == stack)
            }
        }

        /// The scanner reads what the engine writes; anything else still reads through the decoder.
        @Test(arguments: [
            #"[{"artifact":"grid","count":3,"index":2,"step":"fit"}]"#,
            #"[{"artifact":"ü","count":10,"index":0,"step":"s"},{"artifact":"b","count":1,"index":0,"step":"t"}]"#,
            #"[{"artifact":"a\"b","count":1,"index":0,"step":"s"}]"#,
            #"[ {"step":"s","artifact":"a","index":1,"count":2} ]"#,
        ])
        func foreachStacksOfAnyForm(text: String) throws {
            let decoded = try StoredJSON.decode([ForeachFrame].self, text, table: "tasks", column: "foreach_stack_json")
            #expect(try StoredJSON.decode(frames: text, table: "tasks", column: "foreach_stack_json") == decoded)
        }

        @Test func framesThatAreNotJSONNameTheColumn() throws {
            #expect(throws: MetadataError.self) {
                try StoredJSON.decode(frames: #"[{"artifact":"a","count":1"#, table: "tasks", column: "foreach_stack_json")
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
