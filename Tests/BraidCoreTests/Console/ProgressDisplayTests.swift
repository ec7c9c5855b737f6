import Testing

@testable import BraidCore

@Suite struct ProgressDisplayTests {
    /// A clock the test moves by hand.
    final class ManualClock: @unchecked Sendable {
        var now = ContinuousClock.now
        func advance(_ duration: Duration) { now += duration }
    }

    static func end(_ task: TaskID, _ status: TaskStatus, retry: Bool = false, next: [String] = [], items: Int? = nil) -> AttemptEnd {
        AttemptEnd(run: 7, task: task, attempt: 0, status: status, finishedAt: .now, willRetry: retry, nextSteps: next, foreachCount: items)
    }

    static func line(_ printer: TerminalProgressPrinter, _ text: String, label: String = "F/7/start/1") {
        Array(text.utf8).withUnsafeBytes { printer.printLine($0, stream: .stdout, label: label) }
    }

    @Test func countsFollowTheJournalEvents() {
        var progress = RunProgress(flow: "F", steps: ["start", "work", "join", "end"])
        progress.runCreated(7)
        progress.taskCreated(1, step: "start")
        progress.attemptStarted(task: 1)
        progress.attemptFinished(Self.end(1, .succeeded, next: ["work"], items: 4))
        for task: TaskID in 2...5 {
            progress.taskCreated(task, step: "work")
            progress.attemptStarted(task: task)
        }
        progress.attemptFinished(Self.end(2, .succeeded))
        progress.attemptFinished(Self.end(3, .failed, retry: true))
        progress.attemptFinished(Self.end(4, .failed))
        #expect(progress.counts["work"] == RunProgress.StepCounts(running: 1, succeeded: 1, failed: 1, retrying: 1, retried: 1, expected: 4))
        progress.attemptStarted(task: 3)  // the retry begins
        #expect(progress.counts["work"]?.retrying == 0)
        #expect(progress.counts["work"]?.running == 2)
        #expect(progress.total.succeeded == 2)
    }

    @Test func renderedBlockShowsStepsTotalsAndForeachBars() {
        var progress = RunProgress(flow: "PricingFlow", steps: ["start", "train", "join"])
        progress.runCreated(12)
        progress.taskCreated(1, step: "start")
        progress.attemptStarted(task: 1)
        progress.attemptFinished(Self.end(1, .succeeded, next: ["train"], items: 10))
        for task: TaskID in 2...9 {
            progress.taskCreated(task, step: "train")
            progress.attemptStarted(task: task)
        }
        for task: TaskID in 2...6 { progress.attemptFinished(Self.end(task, .succeeded)) }
        progress.attemptFinished(Self.end(7, .failed))
        let lines = ProgressRenderer.lines(progress, elapsed: .milliseconds(7_250), width: 80)
        #expect(lines == [
            "PricingFlow/12 running 7.2s: done 6, running 2, failed 1",
            "  start  done 1",
            "  train  [######    ] done 5/10, running 2, failed 1",
            "  join   waiting",
        ])
        #expect(ProgressRenderer.lines(progress, elapsed: .seconds(185), width: 30)[2] == "  train  [######    ] done 5…")
        #expect(ProgressRenderer.seconds(.seconds(185)) == "3m05s")
    }

    @Test func logLinesScrollAboveTheBlockWhichIsRedrawnInPlace() {
        let terminal = FakeTerminal()
        let clock = ManualClock()
        let printer = TerminalProgressPrinter(flow: "F", steps: ["start", "end"], output: terminal.write,
                                              columns: { 80 }, now: { clock.now })
        printer.runProgressed { $0.runCreated(7) }
        printer.runProgressed { $0.taskCreated(1, step: "start") }  // within 100 ms: not drawn yet
        #expect(terminal.screen == ["F/7 running 0.0s: starting", "  start  waiting", "  end    waiting"])

        clock.advance(.milliseconds(150))
        printer.runProgressed { $0.attemptStarted(task: 1) }
        #expect(terminal.screen == ["F/7 running 0.1s: running 1", "  start  running 1", "  end    waiting"])

        // A line soon after a drawing: printed where the block was, the block waits for the ticker.
        clock.advance(.milliseconds(20))
        Self.line(printer, "hello")
        #expect(terminal.screen.count == 1)
        #expect(terminal.screen[0].hasPrefix("[F/7/start/1] ") && terminal.screen[0].hasSuffix(" hello"))
        clock.advance(.milliseconds(100))
        printer.tick()
        #expect(terminal.screen.dropFirst() == ["F/7 running 0.2s: running 1", "  start  running 1", "  end    waiting"])

        // A line after the interval: the block is drawn again below it at once.
        clock.advance(.milliseconds(200))
        Self.line(printer, "again")
        #expect(terminal.screen.count == 5)
        #expect(terminal.screen[1].hasSuffix(" again"))
        #expect(terminal.screen[2] == "F/7 running 0.4s: running 1")

        // The end of the run is drawn at once, and stays.
        printer.runProgressed { $0.attemptFinished(Self.end(1, .succeeded)) }
        printer.runProgressed { $0.runFinished(.succeeded) }
        printer.finish()
        #expect(terminal.screen.suffix(3) == ["F/7 succeeded in 0.4s: done 1", "  start  done 1", "  end    waiting"])
        #expect(terminal.screen.count == 5)
    }

    @Test func nothingIsRedrawnWithoutChangeWithinASecond() {
        let terminal = FakeTerminal()
        let clock = ManualClock()
        let printer = TerminalProgressPrinter(flow: "F", steps: ["start"], output: terminal.write, columns: { 80 }, now: { clock.now })
        printer.tick()
        let drawn = terminal.written.count
        clock.advance(.milliseconds(500))
        printer.tick()
        #expect(terminal.written.count == drawn)
        clock.advance(.milliseconds(600))  // the header's clock moves once a second
        printer.tick()
        #expect(terminal.written.count > drawn)
        #expect(terminal.screen[0] == "F running 1.1s: starting")
    }

    @Test func plainOutputWhenNotATerminal() {
        let console = LiveConsole(graph: try! FlowGraph(validating: FlowSpec(
            flow: "F", language: "python", file: "/f.py",
            steps: [StepSpec(name: "start", language: "python", file: "/f.py", function: "start", next: ["end"]),
                    StepSpec(name: "end", language: "python", file: "/f.py", function: "end", next: [])])),
            fileDescriptor: -1)
        #expect(!console.showsProgress)
        #expect(console.printer is ConsolePrinter)
    }
}
