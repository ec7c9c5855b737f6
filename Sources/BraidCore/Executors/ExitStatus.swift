/// How a worker process ended: it exited with a status, or a signal killed it.
public enum ExitStatus: Hashable, Sendable, CustomStringConvertible {
    case exited(Int32)
    case signaled(Int32)

    /// Decodes a `waitpid` status. The `WIFEXITED` family are C macros Swift
    /// cannot call; this is their glibc definition: the low 7 bits hold the
    /// signal (0 for a normal exit), bits 8-15 the exit status.
    public init(waitStatus status: Int32) {
        let signal = status & 0x7F
        self = signal == 0 ? .exited((status >> 8) & 0xFF) : .signaled(signal)
    }

    /// The exit status, when the process exited.
    public var exitStatus: Int32? { if case .exited(let s) = self { s } else { nil } }
    /// The signal, when one ended the process.
    public var signal: Int32? { if case .signaled(let s) = self { s } else { nil } }

    /// The failure this ending means for a task that did not report done.
    public var failure: TaskFailure {
        switch self {
        case .exited(let status): .exited(status: status)
        case .signaled(let signal): .crashed(signal: signal)
        }
    }

    /// "exited with status 3", "killed by SIGKILL".
    public var description: String {
        switch self {
        case .exited(let status): "exited with status \(status)"
        case .signaled(let signal): "killed by \(signalName(signal))"
        }
    }
}
