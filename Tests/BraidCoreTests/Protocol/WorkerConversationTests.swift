import Testing
@testable import BraidCore

extension ProtocolTests {
    @Suite struct WorkerConversationTests {
        private let hello = #"{"type":"hello","protocol":1,"language":"python"}"#

        private func receive(_ conversation: inout WorkerConversation, _ line: String) throws(ProtocolError) -> WorkerMessage {
            try conversation.receive(line: Array(line.utf8))
        }

        @Test func followsATaskFromHelloToDone() throws {
            var c = WorkerConversation()
            c.taskSent()  // sent before the hello arrived
            _ = try receive(&c, hello)
            #expect(c.hello?.language == "python")
            _ = try receive(&c, #"{"type":"next","steps":["b"]}"#)
            _ = try receive(&c, #"{"type":"artifact","name":"x","path":"/p","kind":"json","language":"python"}"#)
            #expect(c.hasNext)
            #expect(try receive(&c, #"{"type":"done"}"#) == .done)
            #expect(!c.isTaskRunning)
            c.taskSent()  // a warm worker takes another task
            #expect(!c.hasNext)
        }

        @Test(arguments: [
            ([#"{"type":"done"}"#], "'done' before hello (hello must be the first line)"),
            ([#"{"type":"hello","protocol":2,"language":"r"}"#], "the worker speaks protocol 2, this engine speaks protocol 1"),
            ([#"{"type":"hello","protocol":1,"language":"python"}"#, #"{"type":"hello","protocol":1,"language":"python"}"#], "a second hello"),
            ([#"{"type":"hello","protocol":1,"language":"python"}"#, #"{"type":"next","steps":["a"]}"#, #"{"type":"next","steps":["a"]}"#],
             "a second 'next' for the same task"),
            ([#"{"type":"hello","protocol":1,"language":"python"}"#, #"{"type":"done"}"#, #"{"type":"done"}"#], "'done' while no task is running"),
        ])
        func rejectsMessagesOutOfOrder(lines: [String], reason: String) throws {
            var c = WorkerConversation()
            c.taskSent()
            for line in lines.dropLast() { _ = try receive(&c, line) }
            let error = #expect(throws: ProtocolError.self) { _ = try receive(&c, lines.last!) }
            #expect(error?.reason == reason)
        }
    }
}
