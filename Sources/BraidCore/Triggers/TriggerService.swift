public import Foundation
import Glibc

/// The trigger service, `braid daemon`: the I/O shell around the claim
/// (``MetadataStore/claimTriggers(now:batch:)``) and the queue.
///
/// One thread, one `poll()`: on the store's wake-up FIFO (publishers), a
/// self-pipe (SIGTERM, SIGINT, SIGCHLD), and a timeout that is the sooner of
/// the fallback check interval and the next schedule tick. Each wake-up runs
/// one pass: claim what the new events and due ticks fire, then start queued
/// runs within each deployment's `max_concurrent`. Each run's engine is a
/// detached `braid _run-queued RUN` process (``DetachedProcess``), so the
/// service can stop, crash or restart while runs go on.
public final class TriggerService {
    /// How the service is set up.
    public struct Options: Sendable {
        /// The engine executable that runs queued runs.
        public var executable: String
        /// The fallback check when no wake-up comes.
        public var checkInterval: Duration
        /// Wait for another service to stop instead of refusing to start.
        public var standby: Bool
        /// The environment runs' engines start from.
        public var environment: [String: String]

        public init(executable: String, checkInterval: Duration = .seconds(5), standby: Bool = false,
                    environment: [String: String] = ProcessInfo.processInfo.environment) {
            self.executable = executable
            self.checkInterval = checkInterval
            self.standby = standby
            self.environment = environment
        }
    }

    let layout: StoreLayout
    let store: MetadataStore
    let options: Options
    let log: (String) -> Void
    /// Engines this service started, by pid: the run each serves.
    private var children: [pid_t: RunID] = [:]

    public init(layout: StoreLayout, store: MetadataStore, options: Options, log: @escaping (String) -> Void) {
        self.layout = layout
        self.store = store
        self.options = options
        self.log = log
    }

    /// Serves the store until SIGTERM or SIGINT.
    /// - Returns: the signal that stopped it.
    /// - Throws: ``DaemonError`` when another service holds the store or it cannot be written; store errors.
    @discardableResult
    public func run() throws -> Int32 {
        let wakeup = try WakeupPipe()
        let signals = ServiceSignals(pipe: wakeup)
        defer { signals.uninstall() }
        let lock = try DaemonLock.acquire(layout: layout, wait: options.standby) { [log] holder in
            log("another braid daemon\(holder.map { " (pid \($0))" } ?? "") serves this store; standing by to take over")
        }
        // The lock is the store's claim to one service: held until this function returns.
        defer { withExtendedLifetime(lock) {} }
        try checkWritable()
        let fifo = try DaemonWakeup.openForService(layout: layout)
        defer { close(fifo) }
        try SystemCalls.makeDirectories(runLogDirectory)
        // Watched table locations (Tables/Watches/): inotify in the poll set, a full look at start and every check.
        let tableWatches = TableWatchService(store: store, layout: layout, checkInterval: options.checkInterval, log: log)
        tableWatches.serve(inotifyReady: false)
        log("serving \(layout.root) (pid \(getpid())); waiting for events, checking every \(options.checkInterval.seconds) s")

        var polls = PollSet()
        while signals.stopSignal == nil {
            do {
                try pass()
            } catch {
                log("error: \(error); trying again at the next wake-up")
            }
            polls.removeAll()
            polls.watch(fifo, token: 0)
            polls.watch(wakeup.readFD, token: 1)
            polls.watch(tableWatches.descriptor, token: 2)
            let timeout = min((try? timeUntilNextCheck()) ?? options.checkInterval, tableWatches.timeUntilFullLook)
            let ready = try polls.wait(timeout: timeout)
            drain(fifo)
            wakeup.drain()
            tableWatches.serve(inotifyReady: ready.contains(2))
        }
        reapChildren()
        let running = children.count
        log("stopping on \(signals.stopSignal == SIGINT ? "SIGINT" : "SIGTERM")"
            + (running > 0 ? "; \(running) run\(running == 1 ? " it started keeps" : "s it started keep") going" : ""))
        return signals.stopSignal ?? SIGTERM
    }

    /// One pass: claim, then start what the limits allow.
    func pass() throws {
        let report = try store.claimTriggers(now: Date())
        for note in report.notes { log(note) }
        for claimed in report.runs {
            let events = claimed.eventIDs.map { "#\($0)" }.joined(separator: ", ")
            if let note = claimed.note {
                log("\(claimed.flow)/\(claimed.run) failed (\(claimed.type) \(events)): \(note)")
            } else {
                log("\(claimed.flow)/\(claimed.run) queued (\(claimed.type) \(events))")
            }
        }
        reapChildren()
        try startQueuedRuns()
    }

    /// Starts queued runs, oldest first, while each deployment has room.
    private func startQueuedRuns() throws {
        let queued = try store.queuedRuns()
        guard !queued.isEmpty else { return }
        let limits = try store.deploymentLimits()
        var busy: [String: Int] = [:]
        for (run, flow) in try store.runningTriggeredRuns() where RunLock.isHeld(layout: layout, run: run) {
            busy[flow, default: 0] += 1
        }
        let launching = Set(children.values)
        for (run, flow) in queued where launching.contains(run) {
            busy[flow, default: 0] += 1  // started, not yet running
        }
        for (run, flow) in queued where !launching.contains(run) {
            guard busy[flow, default: 0] < limits[flow, default: TriggerCondition.defaultMaxConcurrent] else { continue }
            let logPath = "\(runLogDirectory)/\(flow)-\(run).log"
            var environment = options.environment
            environment["BRAID_HOME"] = layout.root
            do {
                let pid = try DetachedProcess.spawn([options.executable, "_run-queued", String(run)], environment: environment,
                                                    logPath: logPath)
                children[pid] = run
                busy[flow, default: 0] += 1
                log("\(flow)/\(run) starting (pid \(pid), output in \(logPath))")
            } catch {
                log("\(flow)/\(run) could not start: \(error); trying again at the next wake-up")
            }
        }
    }

    /// Collects ended engines; the store already says how their runs ended.
    private func reapChildren() {
        while true {
            var status: Int32 = 0
            let pid = waitpid(-1, &status, WNOHANG)
            guard pid > 0 else { return }
            if let run = children.removeValue(forKey: pid) {
                let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
                log("run \(run) engine ended (exit \(code))")
                if code != Self.runTakenExitStatus { failIfNeverStarted(run, exitCode: code) }
            }
        }
    }

    /// The exit status of a run's engine that found the run taken by another process (an engine, or one checking
    /// for an engine, had the run's lock): not a failure of the run, which is started again if still pending.
    public static let runTakenExitStatus: Int32 = 3

    /// An engine that ended with its run still pending (it crashed, or could not
    /// read the run) would be started again at every pass: the run fails instead,
    /// unless another engine holds it.
    private func failIfNeverStarted(_ run: RunID, exitCode: Int32) {
        guard (try? store.run(id: run))?.status == .pending, let lock = try? RunLock.acquire(layout: layout, run: run) else { return }
        defer { lock.release() }
        let note = "not started: its engine exited with status \(exitCode) before starting it (see \(runLogDirectory))"
        if (try? store.failQueuedRun(run, note: note)) != nil { log("run \(run) \(note)") }
    }

    /// The sooner of the check interval and the next schedule tick.
    private func timeUntilNextCheck() throws -> Duration {
        var timeout = options.checkInterval
        for tick in try store.nextScheduleTicks() {
            let seconds = tick.timeIntervalSinceNow
            timeout = min(timeout, seconds <= 0 ? .zero : .milliseconds(Int64((seconds * 1000).rounded(.up)) + 1))
        }
        return timeout
    }

    /// Fails early, naming the path, when the store's database cannot be written.
    private func checkWritable() throws {
        do {
            try store.touchForWriting()
        } catch {
            throw DaemonError.storeNotWritable(path: layout.databasePath, reason: "\(error)")
        }
    }

    private var runLogDirectory: String { layout.root + "/daemon/runs" }

    private func drain(_ fd: Int32) {
        var buffer = [UInt8](repeating: 0, count: 256)
        while read(fd, &buffer, buffer.count) > 0 {}
    }
}
