import Glibc
import Synchronization

/// The descriptor the trigger service's signal handlers write to, or -1.
private let serviceWakeFD = Atomic<Int32>(-1)
/// The SIGINT or SIGTERM that asked the service to stop, or 0.
private let serviceStopSignal = Atomic<Int32>(0)

/// SIGINT and SIGTERM ask the trigger service to stop; SIGCHLD (a run's
/// engine ended) wakes it. The handlers only store a number and write a byte
/// (async-signal-safe); the service's loop does the rest.
final class ServiceSignals {
    private static let handled: [Int32] = [SIGINT, SIGTERM, SIGCHLD]
    private var previous: [sigaction] = []

    init(pipe: WakeupPipe) {
        serviceWakeFD.store(pipe.writeFD, ordering: .sequentiallyConsistent)
        serviceStopSignal.store(0, ordering: .sequentiallyConsistent)
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { signal in
            let saved = errno
            if signal != SIGCHLD { serviceStopSignal.store(signal, ordering: .relaxed) }
            let fd = serviceWakeFD.load(ordering: .relaxed)
            if fd >= 0 {
                var byte: UInt8 = 3
                _ = write(fd, &byte, 1)
            }
            errno = saved
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART | SA_NOCLDSTOP
        for signal in Self.handled {
            var old = sigaction()
            sigaction(signal, &action, &old)
            previous.append(old)
        }
    }

    /// The signal that asked the service to stop, if one did.
    var stopSignal: Int32? {
        let signal = serviceStopSignal.load(ordering: .sequentiallyConsistent)
        return signal == 0 ? nil : signal
    }

    func uninstall() {
        for (signal, old) in zip(Self.handled, previous) {
            var old = old
            sigaction(signal, &old, nil)
        }
        previous = []
        serviceWakeFD.store(-1, ordering: .sequentiallyConsistent)
    }
}
