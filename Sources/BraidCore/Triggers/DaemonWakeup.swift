import Glibc

/// The store's wake-up FIFO, `daemon/wake`: publishers write a byte after
/// committing, and the trigger service, asleep in `poll()` on it, wakes at
/// once. With no service running nobody reads it, and the write is skipped
/// (opening a FIFO for writing without a reader fails with ENXIO when
/// non-blocking), so a publish never waits for the service.
public enum DaemonWakeup {
    /// The FIFO's path in a store.
    public static func path(layout: StoreLayout) -> String { layout.root + "/daemon/wake" }

    /// Wakes the service, if one is listening. Never blocks, never fails.
    public static func notify(layout: StoreLayout) {
        let fd = open(path(layout: layout), O_WRONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return }
        var byte: UInt8 = 1
        _ = write(fd, &byte, 1)  // EAGAIN: the FIFO is full of wake-ups already
        close(fd)
    }

    /// Makes the FIFO if needed and opens it for the service: read-write, so
    /// that it never reads end-of-file when the last publisher closes it.
    /// - Returns: a non-blocking descriptor to poll and drain.
    static func openForService(layout: StoreLayout) throws(SystemError) -> Int32 {
        let fifo = path(layout: layout)
        try SystemCalls.makeDirectories(layout.root + "/daemon")
        var info = stat()
        if lstat(fifo, &info) == 0, info.st_mode & S_IFMT != S_IFIFO {
            unlink(fifo)  // something else took the name: the FIFO is ours to make
        }
        if mkfifo(fifo, 0o622) != 0 && errno != EEXIST { throw SystemError("mkfifo \(fifo)", errno) }
        let fd = open(fifo, O_RDWR | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError("open \(fifo)", errno) }
        return fd
    }
}
