import Foundation
import Glibc

/// Task output lines with a progress block below them, redrawn in place on a terminal.
///
/// Each log line is written above the block: the block is erased (carriage
/// return, cursor up over its lines `ESC[nA`, clear to the end of the screen
/// `ESC[J`; ECMA-48 CUU and ED), the line printed, and the block drawn again,
/// all in one `write(2)`. Redraws are throttled to ``redrawInterval`` (10 a
/// second): a line that comes sooner leaves the block off the screen, and the
/// ticker (or the next event) draws it back. Lines look as ``ConsolePrinter``'s.
///
/// Called from the coordinator's thread and from the ticker thread, so every
/// entry point takes the lock.
public final class TerminalProgressPrinter: LiveOutputPrinter, RunProgressObserver, @unchecked Sendable {
    // @unchecked Sendable: all mutable state is touched only with `lock` held.

    /// The shortest time between two drawings of the block.
    public static let redrawInterval: Duration = .milliseconds(100)

    private let lock = NSLock()
    private var progress: RunProgress
    private let output: ([UInt8]) -> Void
    private let columns: () -> Int
    private let now: () -> ContinuousClock.Instant
    private let startedAt: ContinuousClock.Instant
    private var shownLines = 0
    private var lastDraw: ContinuousClock.Instant?
    private var isDirty = true
    private var isTicking = false
    private var buffer: [UInt8] = []

    /// A printer for the terminal on `fileDescriptor`, with a ticker thread that redraws.
    /// - Parameters:
    ///   - flow: the flow's name, for the header.
    ///   - steps: the steps in the order they are shown.
    public convenience init(fileDescriptor: Int32, flow: String, steps: [String]) {
        self.init(flow: flow, steps: steps,
                  output: { bytes in bytes.withUnsafeBytes { _ = SystemCalls.writeAll(fileDescriptor, $0) } },
                  columns: { Self.terminalColumns(fileDescriptor) }, now: { ContinuousClock.now })
        startTicker()
    }

    /// A printer writing to `output`, its time from `now` and its width from `columns`; no ticker (call ``tick()``).
    init(flow: String, steps: [String], output: @escaping ([UInt8]) -> Void, columns: @escaping () -> Int,
         now: @escaping () -> ContinuousClock.Instant) {
        self.progress = RunProgress(flow: flow, steps: steps)
        self.output = output
        self.columns = columns
        self.now = now
        self.startedAt = now()
    }

    /// Prints one task line above the block.
    public func printLine(_ line: UnsafeRawBufferPointer, stream: LogStream, label: String) {
        lock.lock()
        defer { lock.unlock() }
        buffer.removeAll(keepingCapacity: true)
        eraseBlock()
        ConsolePrinter.appendLine(line, label: label, to: &buffer)
        isDirty = true
        if isDue { drawBlock() }
        output(buffer)
    }

    /// Takes a journal event; the block shows it at the next drawing (at once when the run ends).
    public func runProgressed(_ update: (inout RunProgress) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        update(&progress)
        isDirty = true
        if isDue || progress.finalStatus != nil { redraw() }
    }

    /// Draws the block if it changed (or time passed) and the last drawing is old enough.
    public func tick() {
        lock.lock()
        defer { lock.unlock() }
        if isDue { redraw() }
    }

    /// Stops the ticker and leaves the final block on the screen, so what follows prints below it.
    public func finish() {
        lock.lock()
        defer { lock.unlock() }
        isTicking = false
        if isDirty { redraw() }
    }

    /// The progress so far.
    public var snapshot: RunProgress {
        lock.lock()
        defer { lock.unlock() }
        return progress
    }

    // MARK: - Drawing (lock held)

    /// Whether the block should be drawn now: it changed, or a second passed (the clock in the header).
    private var isDue: Bool {
        guard let lastDraw else { return true }
        let since = now() - lastDraw
        return since >= Self.redrawInterval && (isDirty || since >= .seconds(1))
    }

    private func redraw() {
        buffer.removeAll(keepingCapacity: true)
        eraseBlock()
        drawBlock()
        output(buffer)
    }

    private func eraseBlock() {
        guard shownLines > 0 else { return }
        buffer.append(contentsOf: "\r\u{1B}[\(shownLines)A\u{1B}[J".utf8)
        shownLines = 0
    }

    private func drawBlock() {
        let lines = ProgressRenderer.lines(progress, elapsed: now() - startedAt, width: columns())
        for line in lines {
            buffer.append(contentsOf: line.utf8)
            buffer.append(0x0A)
        }
        shownLines = lines.count
        lastDraw = now()
        isDirty = false
    }

    // MARK: - The terminal

    private func startTicker() {
        isTicking = true
        let thread = Thread { [weak self] in
            while let self, self.isStillTicking {
                usleep(UInt32(Self.redrawInterval.components.attoseconds / 1_000_000_000_000))
                self.tick()
            }
        }
        thread.name = "braid-progress"
        thread.start()
    }

    private var isStillTicking: Bool {
        lock.lock()
        defer { lock.unlock() }
        return isTicking
    }

    /// The terminal's width in columns (TIOCGWINSZ, tty_ioctl(4)); 80 when it cannot be told.
    static func terminalColumns(_ fd: Int32) -> Int {
        var size = winsize()
        guard ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }
}
