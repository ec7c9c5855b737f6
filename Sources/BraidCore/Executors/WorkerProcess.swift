import Glibc

/// One worker process and the engine's ends of its four pipes.
///
/// The child gets fd 0 = /dev/null, fds 1/2 = output pipes, fd 3 = engine →
/// worker lines, fd 4 = worker → engine lines, and nothing else: every engine
/// descriptor is close-on-exec, and the spawn also closes fds 5 and up, so a
/// worker never holds another worker's fd 3 open (which would keep that
/// worker from ever seeing end of file). The child leads its own process
/// group, so teardown signals reach everything it started, and terminal
/// Ctrl-C reaches only the engine, which decides what to stop.
///
/// The engine's ends are non-blocking, for a `poll()` loop. Nothing here
/// blocks except ``reap(blocking:)`` with `blocking: true`.
public final class WorkerProcess {
    /// The worker's pid; also its process group id.
    public let pid: Int32
    /// Read end of the worker's stdout, or -1 once closed.
    public private(set) var stdoutFD: Int32
    /// Read end of the worker's stderr, or -1 once closed.
    public private(set) var stderrFD: Int32
    /// Write end of the engine → worker channel (the worker's fd 3), or -1 once closed.
    public private(set) var toWorkerFD: Int32
    /// Read end of the worker → engine channel (the worker's fd 4), or -1 once closed.
    public private(set) var fromWorkerFD: Int32
    /// Polls readable when the process exits (a pidfd), or -1 when unavailable.
    public private(set) var exitFD: Int32
    /// How the process ended, once reaped.
    public private(set) var exitStatus: ExitStatus?

    /// The engine's ends of a worker's channels.
    public enum Channel: Sendable {
        case stdout, stderr, toWorker, fromWorker, exit
    }

    private init(pid: pid_t, stdout: Int32, stderr: Int32, toWorker: Int32, fromWorker: Int32) {
        self.pid = pid
        self.stdoutFD = stdout
        self.stderrFD = stderr
        self.toWorkerFD = toWorker
        self.fromWorkerFD = fromWorker
        self.exitFD = SystemCalls.pidfd(pid) ?? -1
    }

    deinit {
        // Never leave a zombie or an orphaned group behind, even on an engine error path.
        if exitStatus == nil {
            _ = kill(-pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        }
        for channel in [Channel.stdout, .stderr, .toWorker, .fromWorker, .exit] { close(channel) }
    }

    /// The descriptor of a channel, or -1 once closed.
    public func descriptor(_ channel: Channel) -> Int32 {
        switch channel {
        case .stdout: stdoutFD
        case .stderr: stderrFD
        case .toWorker: toWorkerFD
        case .fromWorker: fromWorkerFD
        case .exit: exitFD
        }
    }

    /// Closes the engine's end of a channel; closing `.toWorker` tells the worker to exit.
    public func close(_ channel: Channel) {
        let fd = descriptor(channel)
        guard fd >= 0 else { return }
        _ = Glibc.close(fd)
        switch channel {
        case .stdout: stdoutFD = -1
        case .stderr: stderrFD = -1
        case .toWorker: toWorkerFD = -1
        case .fromWorker: fromWorkerFD = -1
        case .exit: exitFD = -1
        }
    }

    /// Sends a signal to the worker's whole process group (ESRCH, an empty group, is not an error).
    public func signalGroup(_ signal: Int32) {
        _ = kill(-pid, signal)
    }

    /// Collects the exit status, once; nil while the process runs (unless `blocking`).
    @discardableResult
    public func reap(blocking: Bool = false) -> ExitStatus? {
        if let exitStatus { return exitStatus }
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, blocking ? 0 : WNOHANG)
            if result == pid {
                exitStatus = ExitStatus(waitStatus: status)
                close(.exit)
                return exitStatus
            }
            if result == 0 { return nil }
            if errno == EINTR { continue }
            // ECHILD: someone else reaped it (SIGCHLD set to SIG_IGN); its status is lost.
            exitStatus = .exited(-1)
            close(.exit)
            return exitStatus
        }
    }

    // MARK: - Spawning

    /// Starts a worker.
    /// - Parameters:
    ///   - command: the executable and arguments.
    ///   - environment: the complete environment of the child.
    /// - Throws: ``WorkerSpawnError`` when a pipe cannot be made or the exec fails.
    public static func spawn(_ command: WorkerCommand, environment: [String: String]) throws(WorkerSpawnError) -> WorkerProcess {
        let pipes: WorkerPipes
        do throws(SystemError) {
            pipes = try WorkerPipes()
        } catch {
            throw WorkerSpawnError(executable: command.executable, error: error)
        }
        let pid = try launch(command, environment: environment, childFDs: pipes.childEnds)
        return pipes.adopt(pid: pid)
    }

    /// A worker started by someone else (a fork server) on these pipes; it must be this process's child.
    static func adopt(pid: pid_t, stdout: Int32, stderr: Int32, toWorker: Int32, fromWorker: Int32) -> WorkerProcess {
        WorkerProcess(pid: pid, stdout: stdout, stderr: stderr, toWorker: toWorker, fromWorker: fromWorker)
    }

    /// posix_spawn with the file actions and attributes described on the type;
    /// `childFDs` become the child's fds 1, 2, 3 ... and must all be 5 or above.
    static func launch(_ command: WorkerCommand, environment: [String: String], childFDs: [Int32]) throws(WorkerSpawnError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        for (target, source) in childFDs.enumerated() {
            posix_spawn_file_actions_adddup2(&actions, source, Int32(target) + 1)
        }
        if !SystemCalls.addCloseFrom(&actions, 5) {
            // Without closefrom, close what is open and not close-on-exec (racy, but only a fallback).
            for fd in SystemCalls.openDescriptors(from: 5) where fcntl(fd, F_GETFD) & FD_CLOEXEC == 0 {
                posix_spawn_file_actions_addclose(&actions, fd)
            }
        }

        // Own process group (pgid = pid).
        let attributes = CleanSpawnAttributes(flags: POSIX_SPAWN_SETPGROUP)
        posix_spawnattr_setpgroup(&attributes.value, 0)

        let argv = CStringArray([command.executable] + command.arguments)
        let envp = CStringArray(environment.map { "\($0.key)=\($0.value)" })
        var pid: pid_t = 0
        let result = posix_spawnp(&pid, command.executable, &actions, &attributes.value, argv.pointers, envp.pointers)
        guard result == 0 else {
            throw WorkerSpawnError(executable: command.executable, error: SystemError("posix_spawn", result))
        }
        return pid
    }
}
