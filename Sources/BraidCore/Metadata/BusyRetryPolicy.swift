import Foundation

/// How a write transaction is retried when another connection keeps the
/// database locked for longer than the busy timeout.
///
/// The busy timeout (https://sqlite.org/c3ref/busy_timeout.html) already makes
/// each statement wait for a lock. It is not enough on its own:
/// - "The presence of a busy handler does not guarantee that it will be invoked
///   when there is lock contention. If SQLite determines that invoking the busy
///   handler could result in a deadlock, it will go ahead and return SQLITE_BUSY"
///   (https://sqlite.org/c3ref/busy_handler.html), and in WAL mode some busy
///   results (SQLITE_BUSY_RECOVERY, SQLITE_BUSY_SNAPSHOT) come back without waiting;
/// - another process may hold the write lock longer than the timeout (a large
///   transaction, a checkpoint, a process stopped in a debugger, a slow disk).
///
/// So the whole transaction is rolled back and run again, after a jittered,
/// exponentially growing pause, up to `maxAttempts` times. Only SQLITE_BUSY is
/// retried; any other error is thrown at once.
public struct BusyRetryPolicy: Sendable, Equatable {
    /// How many times the transaction is tried in all (1 means no retry).
    public var maxAttempts: Int
    /// The pause before the first retry; it doubles on each retry, up to `maxDelay`.
    public var initialDelay: Duration
    /// The longest pause between two tries.
    public var maxDelay: Duration

    /// A policy. The defaults: 10 tries, pauses from 2 ms doubling up to 0.5 s (about 1 s
    /// of pauses in all), each try itself waiting up to the busy timeout.
    public init(maxAttempts: Int = 10, initialDelay: Duration = .milliseconds(2), maxDelay: Duration = .milliseconds(500)) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
    }

    /// Never retries: the first SQLITE_BUSY is thrown.
    public static let none = BusyRetryPolicy(maxAttempts: 1)

    /// Runs `body`, running it again after a pause while it throws a busy
    /// `SQLiteError`. `body` must be safe to repeat: a transaction that was rolled back.
    func run<T>(_ body: () throws -> T) throws -> T {
        var attempt = 1
        var delay = initialDelay
        while true {
            do {
                return try body()
            } catch let error as SQLiteError where error.isBusy && attempt < maxAttempts {
                // Full jitter (a random pause up to the current bound) keeps
                // processes that collided once from colliding again in lockstep.
                let bound = max(delay.seconds, 0.000_1)
                Thread.sleep(forTimeInterval: Double.random(in: bound / 2...bound))
                delay = min(delay * 2, maxDelay)
                attempt += 1
            }
        }
    }
}

extension Duration {
    /// The duration in seconds, as a Double.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
