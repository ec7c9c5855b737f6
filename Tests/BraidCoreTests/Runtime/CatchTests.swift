import ArrowIPC
import Foundation
import Testing
@testable import BraidCore

extension RuntimeTests {
    /// `@catch`: the failure becomes an artifact and the run goes on.
    @Suite struct CatchTests {
        static let catchErr = DecoratorSpec(name: "catch", args: ["var": .string("err")])

        /// The JSON object a caught-failure artifact holds, read with the Arrow reader.
        static func caughtValue(at path: String) throws -> [String: Any] {
            let reader = try FileReader(path: path)
            let metadata = try ArtifactMetadata.parse(json: try #require(reader.schema.metadata[key: "braid"]), path: path)
            #expect(metadata == ArtifactMetadata(kind: "json", language: "braid", typeName: "braid.CaughtFailure"))
            let text = try #require(try reader.batch(at: 0).columns[0].string(at: 0))
            return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        }

        @Test func aCaughtFailureIsAnArtifactAndTheNextStepRuns() throws {
            let h = try CoordinatorHarness()
            let result = try h.run([Flows.step("start", ["boom"]),
                                    Flows.step("boom", ["end"], decorators: [Self.catchErr, Flows.retry(times: 1, minutes: 0)]),
                                    Flows.step("end", [])],
                                   behaviours: ["start": ["next": ["boom"], "set": ["kept": "value"]], "boom": ["mode": "raise"]])
            #expect(result.status == .succeeded)
            #expect(result.failures.isEmpty)
            #expect(result.caught.map(\.step) == ["boom"] && result.caught.first?.attempt == 1)
            let boom = try #require(h.journal.taskID("boom"))
            let ends = h.journal.ends.filter { $0.task == boom }
            #expect(ends.map(\.status) == [.failed, .failed] && ends.map(\.caught) == [false, true])
            #expect(ends.last?.nextSteps == ["end"])
            #expect(Set(ends.last?.artifacts.map(\.name) ?? []) == ["kept", "err"], "what it inherited, and the failure")

            // end sees the failure as an artifact.
            let received = try h.received("end")
            let artifacts = try #require(received["artifacts"] as? [String: Any])
            let path = try #require((artifacts["err"] as? [String: Any])?["path"] as? String)
            let value = try Self.caughtValue(at: path)
            #expect(value["type"] as? String == "ValueError" && value["message"] as? String == "boom")
            #expect(value["kind"] as? String == "step_raised" && value["step"] as? String == "boom" && value["attempt"] as? Int == 1)
            #expect((value["traceback"] as? String)?.contains("ValueError: boom") == true)
            #expect(h.printer.texts(.stderr).contains { $0.contains("@catch caught the failure of attempt 1") })
        }

        @Test func aCaughtCrashIsDescribed() throws {
            let h = try CoordinatorHarness()
            let result = try h.run([Flows.step("start", ["end"], decorators: [Self.catchErr]), Flows.step("end", [])],
                                   behaviours: ["start": ["mode": "exit", "code": 3]])
            #expect(result.status == .succeeded)
            let received = try h.received("end")
            let path = try #require(((received["artifacts"] as? [String: Any])?["err"] as? [String: Any])?["path"] as? String)
            let value = try Self.caughtValue(at: path)
            #expect(value["type"] as? String == "WorkerExited" && value["kind"] as? String == "exited")
            #expect(value["message"] as? String == "the worker exited with status 3 before finishing the task")
        }

        @Test func cancellationIsNotCaught() throws {
            let h = try CoordinatorHarness()
            let result = try h.run([Flows.step("start", ["end"], decorators: [Self.catchErr]), Flows.step("end", [])],
                                   behaviours: ["start": ["mode": "hang"]]) { coordinator in
                let cancellation = coordinator.cancellation
                DispatchQueue.global().asyncAfter(deadline: .now() + 0.5) { cancellation.cancel() }
            }
            #expect(result.status == .cancelled)
            #expect(result.caught.isEmpty && h.journal.ends.allSatisfy { !$0.caught })
        }
    }
}
