import Glibc

/// A small process that outlives the engine to stop its workers when the
/// engine dies without doing so itself (kill -9, a crash, the OOM killer).
///
/// The engine starts it at the beginning of a run (`braid _watchdog`, in a
/// process group of its own so Ctrl-C at the terminal does not reach it) and
/// writes one line to its fd 3 per change: `=RUNID` once the run is recorded,
/// `+PGID` when a worker's process group starts, `-PGID` when the engine has
/// collected it. The pipe's write
/// end is close-on-exec and only the engine holds it, so end of file on fd 3
/// means the engine is gone, however it went. The watchdog then sends SIGTERM
/// to every group still listed, waits up to `grace` for them to go, sends
/// SIGKILL to what is left, and (in the CLI) records the run as cancelled in
/// the store. After a normal run the engine has recorded the end itself, the
/// list is empty and it exits at once.
///
/// Signalling whole groups reaches what a step started (a `sleep` child, a
/// shell's grandchildren), which a per-worker parent-death signal
/// (`PR_SET_PDEATHSIG`) would not, and works the same for Python, R or any
/// other worker. A group that already ended is skipped (`kill(-pgid, 0)`
/// fails with ESRCH), so a process id reused by an unrelated process later is
/// at risk only in the moment between a worker exiting and the engine
/// reporting it.
public enum Watchdog {
    /// Ignores the signals a terminal or a closed pipe would send: the watchdog
    /// must outlive the engine's session to do its job.
    public static func ignoreTerminalSignals() {
        signal(SIGINT, SIG_IGN)
        signal(SIGHUP, SIG_IGN)
        signal(SIGPIPE, SIG_IGN)
    }

    /// What the watchdog saw when the engine went.
    public struct Outcome: Sendable, Equatable {
        /// The run the engine said it was running, if it got that far.
        public var run: Int64?
        /// The groups that were still running and had to be stopped.
        public var stoppedGroups: [Int32]
    }

    /// Reads `=RUNID`, `+PGID` and `-PGID` lines from `input` until end of file, then stops the groups still listed.
    @discardableResult
    public static func serve(input: Int32, grace: Duration = .seconds(3)) -> Outcome {
        var groups: Set<Int32> = []
        var run: Int64?
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            pending += buffer[..<count]
            while let newline = pending.firstIndex(of: 0x0A) {
                apply(Array(pending[..<newline]), to: &groups, run: &run)
                pending.removeSubrange(...newline)
            }
        }
        return Outcome(run: run, stoppedGroups: stop(groups.sorted(), grace: grace))
    }

    /// One `=RUNID`, `+PGID` or `-PGID` line.
    static func apply(_ line: [UInt8], to groups: inout Set<Int32>, run: inout Int64?) {
        guard let sign = line.first, let number = Int64(String(decoding: line.dropFirst(), as: UTF8.self)) else { return }
        if sign == UInt8(ascii: "=") { run = number }
        guard number > 1, let pgid = Int32(exactly: number) else { return }
        if sign == UInt8(ascii: "+") { groups.insert(pgid) }
        if sign == UInt8(ascii: "-") { groups.remove(pgid) }
    }

    /// SIGTERM to the live groups, up to `grace` for them to end, then SIGKILL.
    static func stop(_ groups: [Int32], grace: Duration) -> [Int32] {
        let live = groups.filter { kill(-$0, 0) == 0 }
        guard !live.isEmpty else { return [] }
        for pgid in live { _ = kill(-pgid, SIGTERM) }
        let clock = ContinuousClock()
        let deadline = clock.now + grace
        while clock.now < deadline, live.contains(where: { kill(-$0, 0) == 0 }) {
            usleep(50_000)
        }
        for pgid in live { _ = kill(-pgid, SIGKILL) }
        return live
    }
}

/// The engine's end of the ``Watchdog``: it reports each worker's process group.
final class WatchdogLink {
    private let process: WorkerProcess

    /// Starts the watchdog with `command` (the CLI's `braid _watchdog`).
    init(command: WorkerCommand, environment: [String: String]) throws(WorkerSpawnError) {
        process = try WorkerProcess.spawn(command, environment: environment)
        // Nothing is read from it; it prints nothing.
        for channel in [WorkerProcess.Channel.stdout, .stderr, .fromWorker] { process.close(channel) }
    }

    /// The watchdog's pid (a child of the engine, like the workers).
    var pid: pid_t { process.pid }

    /// The run's id, once the journal gave it.
    func running(_ run: Int64) { send("=\(run)\n") }

    /// A worker's process group started.
    func watch(_ pgid: Int32) { send("+\(pgid)\n") }

    /// A worker's process group was collected.
    func unwatch(_ pgid: Int32) { send("-\(pgid)\n") }

    /// The run is over: end of file lets the watchdog exit, and it is collected.
    func close() {
        process.close(.toWorker)
        if process.exitFD >= 0 {
            var entry = pollfd(fd: process.exitFD, events: Int16(POLLIN), revents: 0)
            _ = poll(&entry, 1, 2_000)
        }
        WorkerTeardown.stop(process, grace: .seconds(2))
    }

    private func send(_ line: String) {
        let fd = process.descriptor(.toWorker)
        guard fd >= 0 else { return }
        // Lines are a few bytes and the watchdog reads at once: a full pipe would mean it is gone.
        var line = line
        line.withUTF8 { _ = SystemCalls.writeAll(fd, UnsafeRawBufferPointer($0)) }
    }
}
