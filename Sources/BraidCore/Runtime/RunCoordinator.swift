import Foundation
import Glibc

/// Runs a whole flow: the I/O shell around the ``Scheduler``.
///
/// It records the run in a ``RunJournal`` as it happens, starts one worker
/// process per task attempt (``WorkerProcess``), talks the worker protocol
/// with it, moves the artifacts it writes into the store through an
/// ``ArtifactIngester``, and turns every way a worker can go wrong into a
/// ``TaskFailure`` (never an engine error).
///
/// Everything happens on the calling thread in one `poll()` loop: every
/// worker's stdout, stderr and protocol pipes, its pidfd (readable when it
/// exits), and a wakeup pipe that ``cancellation`` and the SIGINT/SIGTERM
/// handlers write to. One thread keeps the order of events deterministic and
/// costs nothing while workers compute; the scheduler's decisions stay pure.
///
/// ```swift
/// let graph = try FlowGraph(validating: spec)
/// let coordinator = try RunCoordinator(graph: graph, request: RunRequest(spec: spec, parameters: values, user: "ana"),
///                                      journal: metadata, layout: .fromEnvironment(), ingester: objects,
///                                      options: RunOptions(livePrinter: RunOptions.consoleOutput(), handlesSignals: true))
/// let result = try coordinator.run()
/// ```
public final class RunCoordinator {
    let graph: FlowGraph
    let request: RunRequest
    let journal: any RunJournal
    let layout: StoreLayout
    let ingester: any ArtifactIngester
    let options: RunOptions
    /// Cancels the run from any thread (the CLI's Ctrl-C handling, a test).
    public let cancellation: RunCancellation

    let clock = ContinuousClock()
    var scheduler: Scheduler<ContinuousClock.Instant>
    var attempts: [ActiveAttempt] = []
    var tasks: [TaskKey: TaskEntry] = [:]
    var pendingActions: [SchedulerAction] = []
    var commands: [String: WorkerCommand] = [:]
    var forkServers: [String: ForkServer] = [:]
    /// Languages whose fork server failed this run.
    var forkServerless: Set<String> = []
    /// Whether the engine became a child subreaper (for a fork server) and must reap orphans.
    var adoptsOrphans = false
    var baseEnvironment: [String: String] = [:]
    var runID: RunID = 0
    var spools: SpoolDirectories?
    var result: RunResult?
    var failures: [TaskFailureReport] = []
    /// Tasks whose failure `@catch` caught.
    var caught: [TaskFailureReport] = []
    var attemptCount = 0
    /// Tasks a resume copied from the origin run instead of running.
    var clonedCount = 0
    var isCancelling = false
    /// Stops the workers if this process dies mid-run (``Watchdog``).
    var watchdog: WatchdogLink?
    /// When the running tasks' memory is next read (``sampleMemoryIfDue(now:)``).
    var nextMemorySample: ContinuousClock.Instant?
    private var hasRun = false
    private var readBuffer = [UInt8](repeating: 0, count: 64 << 10)

    /// What the coordinator keeps of each task it created.
    struct TaskEntry {
        let id: TaskID
        let step: String
        /// The task's whole namespace once it succeeded: inherited and set.
        var namespace: [String: ArtifactRecord] = [:]
        /// For a task cloned by resume, the origin task it copies.
        var originID: TaskID?
    }

    /// - Parameters:
    ///   - graph: the validated graph to run.
    ///   - request: the flow, parameters and user.
    ///   - journal: where the run is recorded (the SQLite `MetadataStore`).
    ///   - layout: the store's paths (spool, logs).
    ///   - ingester: moves artifact files into the object store.
    ///   - options: workers, live output, signal handling, grace periods.
    /// - Throws: ``SystemError`` when the wakeup pipe cannot be made.
    public init(graph: FlowGraph, request: RunRequest, journal: any RunJournal, layout: StoreLayout,
                ingester: any ArtifactIngester, options: RunOptions = RunOptions()) throws {
        self.graph = graph
        self.request = request
        self.journal = journal
        self.layout = layout
        self.ingester = ingester
        self.options = options
        self.cancellation = RunCancellation(pipe: try WakeupPipe())
        self.scheduler = Scheduler(graph: graph, maxWorkers: options.maxWorkers, capacity: options.capacity)
    }

    /// Runs the flow to its end, blocking the calling thread.
    ///
    /// A failed task is not an error: it is in the result's `failures` and
    /// the status is `failed`. The workers of a run never outlive this call.
    /// - Returns: the run's id, status and failures.
    /// - Throws: ``InterpreterError`` before the run is created when a step's
    ///   language has no interpreter; ``ResourceError`` before the run is
    ///   created when a step asks for more than ``RunOptions/capacity``; the journal's errors; ``SystemError``
    ///   when the store's directories cannot be made.
    public func run() throws -> RunResult {
        precondition(!hasRun, "a RunCoordinator runs once")
        hasRun = true
        let oversized = ResourceBudget.oversizedSteps(in: graph, capacity: options.capacity)
        guard oversized.isEmpty else { throw ResourceError(problems: oversized) }
        try resolveWorkerCommands()
        // A worker that dies while the engine writes its task must be an EPIPE
        // on that write, not a signal that kills the engine.
        signal(SIGPIPE, SIG_IGN)
        let signals = options.handlesSignals ? SignalCancellation(pipe: cancellation.pipe) : nil
        defer { signals?.uninstall() }
        if let command = options.watchdogCommand {
            do {
                watchdog = try WatchdogLink(command: command, environment: baseEnvironment)
            } catch {
                // The run can go on; only a crash of this engine would then leave workers behind.
                FileHandle.standardError.write(Data("braid: warning: no watchdog for this run (\(error)); if the engine dies, its workers may keep running\n".utf8))
            }
        }
        defer {
            watchdog?.close()
            watchdog = nil
        }
        defer { killRemainingWorkers() }
        // Start's language loads while the run is being recorded; another language's server (a Python
        // step in an R flow) loads while the first steps run, not when its first task is already waiting.
        var warmed = Set<String>()
        for language in [graph.start.language] + graph.spec.steps.map(\.language) where warmed.insert(language).inserted {
            warmUpForkServer(for: language)
        }

        try SystemCalls.makeDirectories(layout.spoolDirectory)
        try SystemCalls.makeDirectories(layout.logsDirectory)
        let lock: RunLock
        if let queued = request.queuedRunID {
            // The lock first: of two engines handed the same queued run, the one without it stops here.
            runID = queued
            lock = try RunLock.acquire(layout: layout, run: runID)
            try journal.startQueuedRun(runID, at: Date())
        } else {
            runID = try journal.createRun(NewRun(flow: request.flow, specJSON: request.specJSON, parameters: request.parameters,
                                                 user: request.user, userTags: request.userTags, systemTags: request.systemTags,
                                                 originRunID: request.originRunID, createdAt: Date(), codeHash: request.codeHash,
                                                 trigger: request.trigger))
            lock = try RunLock.acquire(layout: layout, run: runID)
            try journal.runStarted(runID, at: Date())
        }
        defer { lock.release() }
        watchdog?.running(runID)
        spools = SpoolDirectories(root: layout.spoolDirectory, flow: request.flow, run: runID)
        do {
            try perform(scheduler.start(now: clock.now))
            var polls = PollSet()
            while result == nil { try turn(&polls) }
            if result?.status == .cancelled { result?.cancellingSignal = signals?.received }
        } catch {
            try? journal.runFinished(runID, status: .failed, at: Date())  // best effort: the journal may be what failed
            throw error
        }
        return result!
    }

    // MARK: - The loop

    private static let wakeupToken = -1
    private static let channels: [WorkerProcess.Channel] = [.stdout, .stderr, .fromWorker, .toWorker, .exit]

    /// One turn: wait for a descriptor or a deadline, then handle what happened.
    private func turn(_ polls: inout PollSet) throws {
        polls.removeAll()
        polls.watch(cancellation.pipe.readFD, token: Self.wakeupToken)
        var needsExitPolling = false
        for (i, attempt) in attempts.enumerated() {
            for (c, channel) in Self.channels.enumerated() where channel != .toWorker || !attempt.worker.outbound.isEmpty {
                polls.watch(attempt.worker.process.descriptor(channel), forWriting: channel == .toWorker, token: i * 8 + c)
            }
            needsExitPolling = needsExitPolling || attempt.worker.process.exitFD < 0
        }
        var timeout = nextDeadline().map { $0 - clock.now }
        if needsExitPolling { timeout = min(timeout ?? .milliseconds(10), .milliseconds(10)) }  // no pidfd: poll waitpid

        for token in try polls.wait(timeout: timeout) {
            if token == Self.wakeupToken {
                try cancelRequested(times: cancellation.pipe.drain())
                continue
            }
            handle(attempts[token / 8], Self.channels[token % 8])
        }
        let now = clock.now
        for attempt in attempts {
            let worker = attempt.worker
            if !worker.hasExited, worker.process.exitFD < 0, worker.process.reap() != nil { worker.hasExited = true }
            checkDeadlines(attempt, now: now)
        }
        sampleMemoryIfDue(now: now)
        for attempt in attempts where attempt.worker.hasExited { try finish(attempt) }
        reapOrphans()
        try perform(scheduler.advance(to: now))
    }

    private func nextDeadline() -> ContinuousClock.Instant? {
        (attempts.compactMap(\.nextDeadline) + [scheduler.nextWakeup, nextMemorySample].compactMap { $0 }).min()
    }

    /// Reads or writes one ready channel.
    private func handle(_ attempt: ActiveAttempt, _ channel: WorkerProcess.Channel) {
        switch channel {
        case .stdout, .stderr, .fromWorker:
            readAvailable(attempt, channel)
        case .toWorker:
            attempt.worker.flush()
        case .exit:
            attempt.worker.hasExited = true
        }
    }

    /// Reads what one pipe has (once; poll says when there is more) and passes it on; closes it at end of file.
    @discardableResult
    func readAvailable(_ attempt: ActiveAttempt, _ channel: WorkerProcess.Channel) -> Bool {
        let fd = attempt.worker.process.descriptor(channel)
        guard fd >= 0 else { return false }
        let count = readBuffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count < 0 {
            if errno == EAGAIN || errno == EINTR { return false }
        }
        guard count > 0 else {
            attempt.worker.process.close(channel)
            if channel == .fromWorker { protocolChannelClosed(attempt) }
            return false
        }
        readBuffer.withUnsafeBytes { buffer in
            let bytes = UnsafeRawBufferPointer(rebasing: buffer[..<count])
            switch channel {
            case .stdout: attempt.output.consume(bytes, from: .stdout)
            case .stderr: attempt.output.consume(bytes, from: .stderr)
            default: receiveProtocolBytes(attempt, bytes)
            }
        }
        return true
    }

    private func checkDeadlines(_ attempt: ActiveAttempt, now: ContinuousClock.Instant) {
        if attempt.outcome == nil, let deadline = attempt.timeoutDeadline, now >= deadline {
            stop(attempt, because: .timedOut(seconds: attempt.spec.timeoutSeconds ?? 0))
        }
        if !attempt.worker.teardown.hasBegun, let deadline = attempt.exitDeadline, now >= deadline {
            if attempt.outcome == nil {
                attempt.outcome = .failed(.protocolViolation(line: "", reason: "the worker closed its protocol channel (fd 4) without reporting done or error"))
            }
            attempt.worker.teardown.begin(attempt.worker.process, now: now)
        }
        attempt.worker.teardown.advance(attempt.worker.process, now: now)
    }

    /// Decides the attempt failed (unless already decided) and stops its worker.
    func stop(_ attempt: ActiveAttempt, because failure: TaskFailure) {
        if attempt.outcome == nil { attempt.outcome = .failed(failure) }
        attempt.worker.stop(now: clock.now)
    }

    // MARK: - Cancellation

    private func cancelRequested(times: Int) throws {
        guard times > 0 else { return }
        if isCancelling {
            // Asked again: do not wait out the grace period.
            for attempt in attempts { attempt.worker.teardown.kill(attempt.worker.process) }
            return
        }
        isCancelling = true
        try perform(scheduler.cancel())
    }

    /// The engine is leaving (normally, or on an error): no worker survives it,
    /// and the run's spool directories go.
    private func killRemainingWorkers() {
        for attempt in attempts {
            attempt.worker.process.signalGroup(SIGKILL)
            attempt.worker.process.reap(blocking: true)
            watchdog?.unwatch(attempt.worker.process.pid)
            attempt.output.finish()
            spools?.release(attempt.spool)
        }
        attempts = []
        spools?.removeAll()
        stopForkServers()
        reapOrphans()
    }
}
