/// A worker process with its protocol channel: what a task attempt runs on.
///
/// Kept apart from the attempt so that a worker can later serve several
/// attempts in turn (warm reuse): the conversation already allows a `task`
/// after a `done`, and output is routed to whichever attempt is current.
/// Today each connection serves one attempt and ends with it.
final class WorkerConnection {
    let process: WorkerProcess
    var conversation = WorkerConversation()
    /// Frames fd 4; an overlong line is a protocol error.
    var framer = LineFramer(maxLineBytes: ProtocolVersion.maxWorkerLineBytes, overlong: .fail)
    /// Engine → worker bytes fd 3 has not taken yet.
    var outbound = OutboundBuffer()
    var teardown: WorkerTeardown
    /// The pidfd polled readable, or waitpid found the process gone.
    var hasExited = false

    init(process: WorkerProcess, grace: Duration) {
        self.process = process
        self.teardown = WorkerTeardown(grace: grace)
    }

    /// Queues a line for fd 3 and writes what the pipe takes now.
    func send(_ line: [UInt8]) {
        outbound.enqueue(line)
        flush()
    }

    /// Writes queued bytes; on EPIPE (the worker is gone or closed fd 3) drops them,
    /// since the worker's exit will say what happened.
    func flush() {
        let fd = process.toWorkerFD
        guard fd >= 0 else { return }
        if case .failed = outbound.flush(to: fd) { process.close(.toWorker) }
    }

    /// Stops listening and starts the teardown (SIGTERM now, SIGKILL after the grace).
    func stop(now: ContinuousClock.Instant) {
        process.close(.toWorker)
        process.close(.fromWorker)
        teardown.begin(process, now: now)
    }
}
