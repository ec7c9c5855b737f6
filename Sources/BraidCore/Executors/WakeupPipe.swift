import Glibc

/// A self-pipe: any thread, or a signal handler, wakes a `poll()` loop by
/// writing one byte; the loop polls ``readFD`` and drains it.
///
/// Writing is async-signal-safe (a single `write(2)`), which is what lets a
/// SIGINT handler hand cancellation to the loop without touching its state.
public final class WakeupPipe: Sendable {
    /// Polled by the loop.
    public let readFD: Int32
    /// Written by ``notify()`` and signal handlers.
    public let writeFD: Int32

    /// Makes the pipe (both ends non-blocking and close-on-exec).
    public init() throws(SystemError) {
        let ends = try SystemCalls.pipe()
        SystemCalls.setNonBlocking(ends.read)
        SystemCalls.setNonBlocking(ends.write)  // a full pipe already means "wake up"; never block a handler
        readFD = ends.read
        writeFD = ends.write
    }

    deinit {
        close(readFD)
        close(writeFD)
    }

    /// Wakes the loop.
    public func notify() {
        var byte: UInt8 = 1
        _ = write(writeFD, &byte, 1)
    }

    /// Reads every pending byte; returns how many notifications there were.
    @discardableResult
    public func drain() -> Int {
        var total = 0
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let n = read(readFD, &buffer, buffer.count)
            if n > 0 { total += n; continue }
            if n < 0 && errno == EINTR { continue }
            return total
        }
    }
}
