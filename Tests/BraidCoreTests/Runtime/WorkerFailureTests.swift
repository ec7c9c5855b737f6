import Foundation
import Glibc
import Testing
@testable import BraidCore

extension RuntimeTests {
    /// Every way the fake worker misbehaves yields one clear task failure, and the run ends.
    @Suite struct WorkerFailureTests {
        /// Runs start → end where `start` behaves as given; returns the run and its one failure.
        private func failingStart(_ behaviour: [String: Any], decorators: [DecoratorSpec] = [],
                                  configure: (CoordinatorHarness) -> Void = { _ in }) throws -> (CoordinatorHarness, RunResult, TaskFailure?) {
            let h = try CoordinatorHarness()
            configure(h)
            var start = behaviour
            start["next"] = start["next"] ?? ["end"]
            let result = try h.run([Flows.step("start", ["end"], decorators: decorators), Flows.step("end", [])], behaviours: ["start": start])
            #expect(result.status == .failed)
            #expect(h.journal.runEvents.last?.1 == .failed)
            #expect(result.failures.count == 1)
            return (h, result, result.failures.first?.failure)
        }

        static var cases: [(String, [String: Any], TaskFailure)] { [
            ("raise", ["mode": "raise"], .stepRaised(language: "python", type: "ValueError", message: "boom",
                                                     traceback: "Traceback (most recent call last):\n  File \"flow.py\", line 3, in start\nValueError: boom",
                                                     phase: "step")),
            ("exit 3", ["mode": "exit", "code": 3], .exited(status: 3)),
            ("exit 0 without done", ["mode": "exit", "code": 0], .exited(status: 0)),
            ("SIGKILL", ["mode": "signal", "signal": 9], .crashed(signal: 9)),
            ("SIGSEGV", ["mode": "signal", "signal": 11], .crashed(signal: 11)),
            ("garbage", ["mode": "garbage"], .protocolViolation(line: "this is not json", reason: "not valid JSON")),
            ("wrong next", ["mode": "wrong_next"], .transitionMismatch(expected: "end", actual: "nowhere")),
            ("foreach instead of linear", ["foreach": "xs", "foreach_count": 2], .transitionMismatch(expected: "end", actual: "end (foreach over xs)")),
            ("done without next", ["mode": "done_without_next"],
             .protocolViolation(line: #"{"type": "done"}"#, reason: "'done' without 'next' (every step but end reports its transition)")),
            ("protocol 2", ["mode": "bad_version"], .protocolViolation(
                line: #"{"type": "hello", "protocol": 2, "language": "python", "language_version": "3.11.7", "pid": PID}"#,
                reason: "the worker speaks protocol 2, this engine speaks protocol 1")),
            ("no hello", ["mode": "no_hello"], .protocolViolation(line: #"{"type": "next", "steps": ["end"], "foreach": null}"#,
                                                                  reason: "'next' before hello (hello must be the first line)")),
            ("unterminated", ["mode": "unterminated"], .protocolViolation(line: #"{"type": "done"}"#, reason: "the last line has no newline")),
            ("artifact outside the spool", ["mode": "bad_artifact_path"],
             .artifactRejected(name: "stolen", reason: "its file '/etc/hostname' is not in the task's spool directory SPOOL")),
            ("artifact the store refuses", ["set": ["model": "INVALID bytes"]], .artifactRejected(name: "model", reason: "not an Arrow IPC file")),
        ] }

        @Test(arguments: 0..<14)
        func misbehaviourBecomesOneFailure(_ index: Int) throws {
            #expect(Self.cases.count == 14)
            let (name, behaviour, expected) = Self.cases[index]
            let (h, result, failure) = try failingStart(behaviour)
            var actual = try #require(failure, "\(name)")
            // Redact what varies between runs: the worker's pid, the spool path.
            if case .protocolViolation(let line, let reason) = actual {
                actual = .protocolViolation(line: line.replacing(/"pid": \d+/, with: #""pid": PID"#)
                                                .replacing(/"language_version": "[^"]+"/, with: #""language_version": "3.11.7""#), reason: reason)
            }
            if case .artifactRejected(let artifact, let reason) = actual {
                actual = .artifactRejected(name: artifact, reason: reason.replacing(/\/\S+\/spool\/\S+$/, with: "SPOOL"))
            }
            #expect(actual == expected, "\(name)")
            #expect(h.journal.tasks.count == 1)
            #expect(h.journal.ends.last?.failure == failure)
            #expect(result.failures.first?.pathspec == "TestFlow/1/start/1")
        }

        @Test func anOverlongLineFailsWithTheLimit() throws {
            let (_, _, failure) = try failingStart(["mode": "overlong"])
            guard case .protocolViolation(let line, let reason) = try #require(failure) else {
                Issue.record("expected a protocol violation, got \(String(describing: failure))")
                return
            }
            #expect(reason == "the line is longer than the 1 MiB limit")
            #expect(line.hasPrefix(#"{"type": "artifact", "name": "xxx"#) && line.utf8.count <= 200)
        }

        @Test func closingTheProtocolChannelIsAViolationAfterTheGrace() throws {
            let clock = ContinuousClock()
            let began = clock.now
            let (h, _, failure) = try failingStart(["mode": "close_protocol"]) { $0.options.exitGrace = .milliseconds(300) }
            #expect(failure == .protocolViolation(line: "", reason: "the worker closed its protocol channel (fd 4) without reporting done or error"))
            #expect(clock.now - began < .seconds(5))
            #expect(h.journal.ends.last?.signal == SIGTERM)
        }

        @Test func aHangingStepTimesOut() throws {
            let clock = ContinuousClock()
            let began = clock.now
            let timeout = DecoratorSpec(name: "timeout", args: ["seconds": .double(0.5)])
            let (h, _, failure) = try failingStart(["mode": "hang"], decorators: [timeout])
            #expect(failure == .timedOut(seconds: 0.5))
            #expect(clock.now - began < .seconds(4))
            #expect(h.journal.ends.last?.signal == SIGTERM)
        }

        @Test func aWorkerIgnoringSIGTERMIsKilledAfterTheGrace() throws {
            let clock = ContinuousClock()
            let began = clock.now
            let timeout = DecoratorSpec(name: "timeout", args: ["seconds": .double(0.5)])
            let (h, _, failure) = try failingStart(["mode": "hang_ignoring_term"], decorators: [timeout])
            #expect(failure == .timedOut(seconds: 0.5))
            #expect(clock.now - began >= .milliseconds(1000), "0.5 s timeout + 0.5 s grace")
            #expect(clock.now - began < .seconds(5))
            #expect(h.journal.ends.last?.signal == SIGKILL)
        }

        @Test func aStepThatPrintsALotIsCapturedWhole() throws {
            let h = try CoordinatorHarness()
            let result = try h.run([Flows.step("start", ["end"]), Flows.step("end", [])], behaviours: [
                "start": ["next": ["end"], "mode": "spam", "lines": 20000],
            ])
            #expect(result.status == .succeeded)
            let start = h.journal.starts[0]
            let stdout = try String(contentsOfFile: start.stdoutPath, encoding: .utf8)
            let stderr = try String(contentsOfFile: start.stderrPath, encoding: .utf8)
            #expect(stdout.utf8.count == (0..<20000).reduce(0) { $0 + "out \($1)\n".utf8.count } + (200 << 10))
            #expect(stderr.hasSuffix("err 19999\n"))
            let live = h.printer.texts(.stdout)
            #expect(live.count == 20000 + 4, "200 KiB without a newline: three 64 KiB pieces and the flushed rest")
            #expect(live.allSatisfy { $0.utf8.count <= 64 << 10 })
            #expect(live.last?.utf8.count == (200 << 10) - 3 * (64 << 10))
        }

        @Test func aGrandchildHoldingTheOutputDoesNotHoldTheRun() throws {
            let clock = ContinuousClock()
            let began = clock.now
            let h = try CoordinatorHarness()
            let result = try h.run(Flows.linear, behaviours: ["start": ["next": ["a"], "mode": "orphan"], "a": ["next": ["end"]]])
            #expect(result.status == .succeeded)
            #expect(clock.now - began < .milliseconds(2500), "the orphan sleeps 3 s")
        }

        @Test func theEndStepMustNotTransition() throws {
            let h = try CoordinatorHarness()
            let result = try h.run([Flows.step("start", ["end"]), Flows.step("end", [])], behaviours: [
                "start": ["next": ["end"]], "end": ["mode": "next_for_end"],
            ])
            #expect(result.failures.map(\.failure) == [.transitionMismatch(expected: "nothing (end)", actual: "start")])
        }
    }
}
