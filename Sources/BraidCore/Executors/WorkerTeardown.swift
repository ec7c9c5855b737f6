import Glibc

/// Stopping a worker: SIGTERM to its process group, a grace period, then SIGKILL.
///
/// SIGTERM first lets a Python or R worker run its cleanup (temporary files,
/// a child it started); SIGKILL after the grace period makes sure a worker
/// that ignores or blocks SIGTERM still goes. Both go to the process group,
/// so whatever the step started goes too.
///
/// As a value it is a small state machine for the engine's poll loop
/// (``begin(_:now:)``, then ``advance(_:now:)`` at ``killDeadline``);
/// ``stop(_:grace:)`` is the blocking form for code outside a loop.
public struct WorkerTeardown: Sendable {
    /// How long a worker has between SIGTERM and SIGKILL.
    public let grace: Duration
    /// When SIGKILL is due, once SIGTERM was sent; nil before, and after SIGKILL.
    public private(set) var killDeadline: ContinuousClock.Instant?
    /// Whether SIGTERM was sent.
    public private(set) var hasBegun = false
    /// Whether SIGKILL was sent.
    public private(set) var hasKilled = false

    /// Prepares a teardown with this grace period.
    public init(grace: Duration) {
        self.grace = grace
    }

    /// Sends SIGTERM to the group (once) and starts the grace period.
    public mutating func begin(_ process: WorkerProcess, now: ContinuousClock.Instant) {
        guard !hasBegun else { return }
        hasBegun = true
        process.signalGroup(SIGTERM)
        killDeadline = now + grace
    }

    /// Sends SIGKILL to the group when the grace period is over.
    public mutating func advance(_ process: WorkerProcess, now: ContinuousClock.Instant) {
        guard let deadline = killDeadline, now >= deadline else { return }
        kill(process)
    }

    /// Sends SIGKILL to the group now (a second Ctrl-C does not wait).
    public mutating func kill(_ process: WorkerProcess) {
        hasBegun = true
        hasKilled = true
        killDeadline = nil
        process.signalGroup(SIGKILL)
    }

    /// Stops a worker and waits for it: SIGTERM, up to `grace` for it to exit, SIGKILL, reap.
    /// - Returns: how the process ended.
    @discardableResult
    public static func stop(_ process: WorkerProcess, grace: Duration) -> ExitStatus {
        if let status = process.reap() { return status }
        let clock = ContinuousClock()
        var teardown = WorkerTeardown(grace: grace)
        teardown.begin(process, now: clock.now)
        while let deadline = teardown.killDeadline, clock.now < deadline {
            if let status = process.reap() {
                process.signalGroup(SIGKILL)  // the leader went; stragglers in its group do not get a second grace
                return status
            }
            waitForExit(process, until: deadline, clock: clock)
        }
        teardown.kill(process)
        return process.reap(blocking: true) ?? .exited(-1)
    }

    /// Sleeps until the process exits (its pidfd polls readable) or the deadline, in short steps without a pidfd.
    private static func waitForExit(_ process: WorkerProcess, until deadline: ContinuousClock.Instant, clock: ContinuousClock) {
        let left = deadline - clock.now
        let millis = Int32(max(1, min((left / .milliseconds(1)).rounded(.up), process.exitFD >= 0 ? 60_000 : 10)))
        var entry = pollfd(fd: process.exitFD, events: Int16(POLLIN), revents: 0)
        _ = poll(&entry, process.exitFD >= 0 ? 1 : 0, millis)
    }
}
