import Glibc

/// The four pipes of a worker before it starts: the engine keeps one end of
/// each (non-blocking), the worker gets the other as its fds 1, 2, 3 and 4.
struct WorkerPipes: ~Copyable {
    /// The worker's ends, in fd order (stdout, stderr, engine → worker, worker → engine),
    /// close-on-exec and numbered 5 or above, so no dup2 onto 1...4 overwrites another.
    let childEnds: [Int32]
    private let engineEnds: (stdout: Int32, stderr: Int32, toWorker: Int32, fromWorker: Int32)
    private var adopted = false

    init() throws(SystemError) {
        var opened: [Int32] = []
        do throws(SystemError) {
            func pipe() throws(SystemError) -> (read: Int32, write: Int32) {
                let p = try SystemCalls.pipe()
                opened += [p.read, p.write]
                return p
            }
            let out = try pipe(), err = try pipe(), toWorker = try pipe(), fromWorker = try pipe()
            var moved: [Int32] = []
            for fd in [out.write, err.write, toWorker.read, fromWorker.write] {
                let high = fcntl(fd, F_DUPFD_CLOEXEC, 5)
                guard high >= 0 else { throw SystemError("fcntl F_DUPFD_CLOEXEC", errno) }
                moved.append(high)
                opened.append(high)
                _ = Glibc.close(fd)
                opened.removeAll { $0 == fd }
            }
            childEnds = moved
            engineEnds = (out.read, err.read, toWorker.write, fromWorker.read)
        } catch {
            for fd in opened { _ = Glibc.close(fd) }
            throw error
        }
    }

    /// The worker now runs with its ends: the engine closes its copies of them and
    /// keeps its own ends in a ``WorkerProcess``.
    consuming func adopt(pid: pid_t) -> WorkerProcess {
        for fd in childEnds { _ = Glibc.close(fd) }
        let ends = engineEnds
        for fd in [ends.stdout, ends.stderr, ends.toWorker, ends.fromWorker] { SystemCalls.setNonBlocking(fd) }
        adopted = true
        return WorkerProcess.adopt(pid: pid, stdout: ends.stdout, stderr: ends.stderr, toWorker: ends.toWorker,
                                   fromWorker: ends.fromWorker)
    }

    deinit {
        guard !adopted else { return }
        for fd in childEnds + [engineEnds.stdout, engineEnds.stderr, engineEnds.toWorker, engineEnds.fromWorker] {
            _ = Glibc.close(fd)
        }
    }
}
