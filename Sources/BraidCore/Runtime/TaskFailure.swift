import Glibc

/// Why a task attempt failed, as data (a failed step is a result, never an
/// engine error). `description` is the sentence shown to the user.
public enum TaskFailure: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The user's code raised: the language's own error type, message and traceback.
    /// `phase` is where: load, input, step, persist or transition (docs/protocol.md).
    case stepRaised(language: String, type: String, message: String, traceback: String, phase: String)
    /// The worker exited with a status before reporting done.
    case exited(status: Int32)
    /// The worker was killed by a signal it did not ask for (e.g. the kernel's OOM killer).
    case crashed(signal: Int32)
    /// The attempt ran past its timeout and its process tree was killed.
    case timedOut(seconds: Double)
    /// The worker sent something the protocol does not allow.
    case protocolViolation(line: String, reason: String)
    /// The step called `next` with something other than what the graph says.
    case transitionMismatch(expected: String, actual: String)
    /// An artifact file the worker wrote could not be stored.
    case artifactRejected(name: String, reason: String)
    /// The run was interrupted (Ctrl-C, SIGTERM) while the attempt ran.
    case cancelled
    /// The engine itself stopped (killed, crashed, the machine went down) while
    /// the attempt ran; recorded when the run is found abandoned.
    case engineLost

    public var description: String {
        switch self {
        case let .stepRaised(language, type, message, _, phase):
            let what = phase == "step" ? "the step raised" : "failed while \(TaskFailure.phaseDescription(phase))"
            return "\(what) \(type) (\(language)): \(message)"
        case .exited(let status):
            return "the worker exited with status \(status) before finishing the task"
        case .crashed(let signal):
            // Braid's own stops (timeout, cancellation) are other failures, so this signal came from elsewhere.
            let killed = "the worker was killed by signal \(signal) (\(signalName(signal)); a shell would report exit status \(128 + signal))"
            guard signal == SIGKILL else { return killed }
            return killed + ", which Braid did not send: the kernel's out-of-memory killer may have ended it "
                + "(`dmesg` or `journalctl -k` would say), or another process did"

        case .timedOut(let seconds):
            return "the task timed out after \(seconds.formatted()) s and was stopped"
        case let .protocolViolation(line, reason):
            return "the worker broke the protocol: \(reason) (line: \(line))"
        case let .transitionMismatch(expected, actual):
            return "the step transitioned to \(actual), but the graph says \(expected)"
        case let .artifactRejected(name, reason):
            return "artifact '\(name)' could not be stored: \(reason)"
        case .cancelled:
            return "the run was cancelled while the task ran"
        case .engineLost:
            return "the engine stopped (killed or crashed) while the task ran"
        }
    }

    /// The failure's kind as `braid api` and the clients name it: `step_raised`, `exited`, `crashed` ...
    public var kind: String {
        switch self {
        case .stepRaised: "step_raised"
        case .exited: "exited"
        case .crashed: "crashed"
        case .timedOut: "timed_out"
        case .protocolViolation: "protocol_violation"
        case .transitionMismatch: "transition_mismatch"
        case .artifactRejected: "artifact_rejected"
        case .cancelled: "cancelled"
        case .engineLost: "engine_lost"
        }
    }

    private static func phaseDescription(_ phase: String) -> String {
        switch phase {
        case "load": "loading the flow file"
        case "input": "reading an input artifact"
        case "persist": "storing artifacts"
        case "transition": "taking the transition"
        default: phase
        }
    }
}

extension Double {
    /// A short decimal form: 2.5, 30, 0.125.
    func formatted() -> String {
        self == rounded() && abs(self) < 1e15 ? String(Int64(self)) : String(self)
    }
}

/// The conventional name of a signal number, for messages.
public func signalName(_ signal: Int32) -> String {
    let names: [Int32: String] = [1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 4: "SIGILL", 6: "SIGABRT", 7: "SIGBUS",
                                  8: "SIGFPE", 9: "SIGKILL", 11: "SIGSEGV", 13: "SIGPIPE", 14: "SIGALRM", 15: "SIGTERM"]
    return names[signal] ?? "signal \(signal)"
}
