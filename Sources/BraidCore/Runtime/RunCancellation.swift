import Glibc
import Synchronization

/// Cancels a running ``RunCoordinator`` from any thread.
///
/// It writes to the coordinator's wakeup pipe; the coordinator's loop stops
/// every worker (SIGTERM, grace, SIGKILL) and ends the run as cancelled.
/// Cancelling a second time kills the workers at once.
public final class RunCancellation: Sendable {
    let pipe: WakeupPipe

    init(pipe: WakeupPipe) {
        self.pipe = pipe
    }

    /// Asks the run to stop.
    public func cancel() {
        pipe.notify()
    }
}

/// The descriptor SIGINT and SIGTERM handlers write to, or -1.
///
/// An atomic because a signal handler may only do async-signal-safe things:
/// a lock-free load and a `write(2)` are; taking a lock or touching Swift
/// objects is not.
private let signalTarget = Atomic<Int32>(-1)
/// The last of those signals that arrived, or 0.
private let lastSignal = Atomic<Int32>(0)

/// SIGINT/SIGTERM handlers that cancel one run, installed for the run's duration.
///
/// Process-wide by nature: one run at a time can own them (the CLI runs one).
/// The previous handlers come back on ``uninstall()``.
final class SignalCancellation {
    static let signals: [Int32] = [SIGINT, SIGTERM]
    private var previous: [sigaction] = []

    init(pipe: WakeupPipe) {
        signalTarget.store(pipe.writeFD, ordering: .sequentiallyConsistent)
        lastSignal.store(0, ordering: .sequentiallyConsistent)
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { signal in
            let saved = errno  // the interrupted code may be about to read errno
            lastSignal.store(signal, ordering: .relaxed)
            let fd = signalTarget.load(ordering: .relaxed)
            if fd >= 0 {
                var byte: UInt8 = 2
                _ = write(fd, &byte, 1)
            }
            errno = saved
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        for signal in Self.signals {
            var old = sigaction()
            sigaction(signal, &action, &old)
            previous.append(old)
        }
    }

    /// The last SIGINT or SIGTERM that arrived, if any (the CLI's exit status is 128 + it).
    var received: Int32? {
        let signal = lastSignal.load(ordering: .sequentiallyConsistent)
        return signal == 0 ? nil : signal
    }

    /// Restores the handlers that were there before.
    func uninstall() {
        for (signal, old) in zip(Self.signals, previous) {
            var old = old
            sigaction(signal, &old, nil)
        }
        previous = []
        signalTarget.store(-1, ordering: .sequentiallyConsistent)
    }
}
