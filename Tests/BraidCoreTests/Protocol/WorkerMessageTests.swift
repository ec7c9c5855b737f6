import Foundation
import Testing
@testable import BraidCore

extension ProtocolTests {
    @Suite struct WorkerMessageTests {
        private func decode(_ line: String) throws(ProtocolError) -> WorkerMessage {
            try WorkerMessage.decode(line: Array(line.utf8))
        }

        @Test func decodesTheDocumentedExamples() throws {
            #expect(try decode(#"{"type": "hello", "protocol": 1, "language": "python", "language_version": "3.11.7", "pid": 4242}"#)
                    == .hello(.init(protocolVersion: 1, language: "python", languageVersion: "3.11.7", pid: 4242)))
            #expect(try decode(#"{"type": "artifact", "name": "sales", "path": "/s/sales.arrow", "kind": "table", "language": "python", "type_name": "pandas.DataFrame"}"#)
                    == .artifact(.init(name: "sales", path: "/s/sales.arrow", kind: "table", language: "python", typeName: "pandas.DataFrame")))
            #expect(try decode(#"{"type": "next", "steps": ["train"], "foreach": "grid", "foreach_count": 3}"#)
                    == .next(.init(steps: ["train"], foreach: "grid", foreachCount: 3)))
            #expect(try decode(#"{"type": "next", "steps": ["a", "b"], "foreach": null}"#) == .next(.init(steps: ["a", "b"])))
            #expect(try decode(#"{"type": "done"}"#) == .done)
            #expect(try decode(#"{"type": "error", "error_type": "ZeroDivisionError", "message": "division by zero", "traceback": "tb", "phase": "step"}"#)
                    == .error(.init(errorType: "ZeroDivisionError", message: "division by zero", traceback: "tb", phase: "step")))
        }

        @Test func ignoresUnknownFields() throws {
            #expect(try decode(#"{"type": "done", "elapsed_ms": 3}"#) == .done)
        }

        @Test(arguments: [
            ("not json", "not valid JSON"),
            ("[1, 2]", "not a JSON object"),
            (#"{"kind": "table"}"#, "missing required field 'type'"),
            (#"{"type": "bye"}"#, "unknown message type 'bye'"),
            (#"{"type": "artifact", "name": "x", "kind": "table", "language": "python"}"#, "missing required field 'path'"),
            (#"{"type": "artifact", "name": "x", "path": "/p", "kind": "blob", "language": "python"}"#,
             "unknown artifact kind 'blob' (expected one of json, pickle, rds, scalar, table, vector)"),
            (#"{"type": "hello", "protocol": "1", "language": "r"}"#, "field 'protocol' is not an integer"),
            (#"{"type": "next", "steps": ["t"], "foreach": "grid"}"#, "missing required field 'foreach_count' (a foreach needs its item count)"),
            (#"{"type": "next", "steps": "t"}"#, "field 'steps' is not a list"),
        ])
        func reportsWhatIsWrong(line: String, reason: String) {
            let error = #expect(throws: ProtocolError.self) { try decode(line) }
            #expect(error?.reason == reason)
            #expect(error?.line == line)
        }

        @Test func roundTripsThroughLines() throws {
            let messages: [WorkerMessage] = [
                .hello(.init(language: "r", languageVersion: "4.2.2", pid: 7)), .done,
                .artifact(.init(name: "a", path: "/p", kind: "json", language: "r", typeName: "list")),
                .next(.init(steps: ["x"], foreach: "items", foreachCount: 0)),
                .error(.init(errorType: "simpleError", message: "boom", traceback: "", phase: "load")),
            ]
            for message in messages {
                let line = message.encodedLine()
                #expect(line.last == 0x0A)
                #expect(try WorkerMessage.decode(line: Array(line.dropLast())) == message)
            }
        }

        @Test func decodingIsCheapPerLine() throws {
            // Guards against a regression to something slow; the release-build figure is ~2.4 µs a line.
            let line = Array(#"{"type": "artifact", "name": "sales", "path": "/home/ana/.braid/spool/F-7-12-0/sales.arrow", "kind": "table", "language": "python", "type_name": "pandas.DataFrame"}"#.utf8)
            let clock = ContinuousClock()
            let count = 2_000
            let elapsed = try clock.measure {
                for _ in 0..<count { _ = try WorkerMessage.decode(line: line) }
            }
            #expect(elapsed / count < .microseconds(200))
        }
    }

    @Suite struct EngineMessageTests {
        static let task = TaskMessage(
            flow: "PricingFlow", runID: "7", step: "train", taskID: "12", attempt: 0, pathspec: "PricingFlow/7/train/12",
            file: "/home/ana/flows/pricing.py", function: "train", join: false, parameters: ["rows": .int(500)],
            artifacts: ["grid": ArtifactReference(path: "/o/ab/ab.arrow", kind: "json", language: "python")],
            foreach: ForeachContext(artifact: "grid", index: 2, stack: [ForeachFrame(step: "fit", artifact: "grid", index: 2, count: 3)]),
            inputs: nil, spool: "/s/PricingFlow-7-12-0", username: "ana", retryCount: 0)

        @Test func writesTheDocumentedKeysWithExplicitNulls() throws {
            let line = try EngineMessage.task(Self.task).encodedLine()
            #expect(line.last == 0x0A)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.dropLast())) as? [String: Any])
            #expect(Set(object.keys) == ["type", "flow", "run_id", "step", "task_id", "attempt", "pathspec", "file", "function", "join",
                                         "parameters", "artifacts", "foreach", "inputs", "spool", "username", "retry_count", "next"])
            #expect(object["type"] as? String == "task")
            #expect(object["inputs"] is NSNull)
            #expect(object["next"] is NSNull, "no declared transition: null")
            let text = String(decoding: line, as: UTF8.self)
            #expect(text.contains(#""spool":"/s/PricingFlow-7-12-0""#), "slashes are not escaped")
            #expect(text.contains(#""stack":[{"#))
        }

        @Test func roundTrips() throws {
            var join = Self.task
            join.join = true
            join.foreach = nil
            join.inputs = [JoinInput(step: "a", taskID: "9", pathspec: "F/7/a/9", index: 0, artifacts: [:])]
            for message in [EngineMessage.task(Self.task), .task(join), .shutdown] {
                let line = try message.encodedLine()
                #expect(try JSONDecoder().decode(EngineMessage.self, from: Data(line)) == message)
            }
            #expect(String(decoding: try EngineMessage.shutdown.encodedLine(), as: UTF8.self) == "{\"type\":\"shutdown\"}\n")
        }
    }
}
