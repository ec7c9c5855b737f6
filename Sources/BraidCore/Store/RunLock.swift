import Glibc

/// Tells whether a run's engine is still alive: the engine holds an exclusive
/// `flock` on `locks/run-ID.lock` for as long as it runs the run. The kernel
/// drops the lock when the process dies, however it dies (even `kill -9`), so
/// a run the store says is running but whose lock is free was abandoned.
public final class RunLock {
    private var fd: Int32
    private let path: String

    private init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    deinit {
        if fd >= 0 { close(fd) }  // released without removing: the status may not be final
    }

    /// The lock file of a run.
    public static func path(layout: StoreLayout, run: RunID) -> String {
        layout.root + "/locks/run-\(run).lock"
    }

    /// Takes the run's lock for this process.
    /// - Throws: ``SystemError`` when the file cannot be made, or another process holds it.
    public static func acquire(layout: StoreLayout, run: RunID) throws -> RunLock {
        try SystemCalls.makeDirectories(layout.root + "/locks")
        let path = path(layout: layout, run: run)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SystemError("open \(path)", errno) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(fd)
            throw SystemError("flock \(path)", code)
        }
        return RunLock(fd: fd, path: path)
    }

    /// Whether some process holds the run's lock now (its engine is alive).
    public static func isHeld(layout: StoreLayout, run: RunID) -> Bool {
        let fd = open(path(layout: layout, run: run), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }  // never locked: no engine ever ran it to the point of locking
        defer { close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 { return false }
        return errno == EWOULDBLOCK
    }

    /// Removes the lock file and releases the lock. Call it once the run's
    /// final status is recorded: from then on nobody asks whether it is held.
    public func release() {
        guard fd >= 0 else { return }
        unlink(path)
        close(fd)
        fd = -1
    }
}
