import Glibc

/// Adopting the orphans of a run's process tree.
extension SystemCalls {
    private typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32

    /// `prctl` is variadic in C, which Swift cannot call; its integer arguments
    /// pass the same way through a fixed signature.
    nonisolated(unsafe) private static let prctl: Prctl? = {
        dlsym(dlopen(nil, RTLD_NOW), "prctl").map { unsafeBitCast($0, to: Prctl.self) }
    }()

    /// Makes this process a child subreaper (`PR_SET_CHILD_SUBREAPER`, Linux 3.4+):
    /// orphans among its descendants become its children instead of init's.
    static func becomeChildSubreaper() -> Bool {
        guard let prctl else { return false }
        return prctl(36 /* PR_SET_CHILD_SUBREAPER */, 1, 0, 0, 0) == 0
    }

    /// Reaps children that exited and are none of `known` (the workers the engine
    /// waits for itself): a subreaper inherits the orphans a worker left behind.
    /// Stops at the first exited child that is known, which its owner reaps.
    static func reapOrphans(known: Set<pid_t>) {
        while true {
            var info = siginfo_t()
            guard waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) == 0 else { return }
            let pid = info._sifields._sigchld.si_pid
            guard pid > 0, !known.contains(pid) else { return }
            var status: Int32 = 0
            _ = waitpid(pid, &status, WNOHANG)
        }
    }
}
