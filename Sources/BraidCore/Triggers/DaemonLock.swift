import Foundation
import Glibc

/// `daemon/lock`: the trigger service holds an exclusive `flock` on it while
/// it serves the store, with its pid written inside, so that a second service
/// can say which process it found. The kernel drops the lock however the
/// holder dies.
final class DaemonLock {
    private let fd: Int32

    private init(fd: Int32) { self.fd = fd }

    deinit { close(fd) }

    /// The lock file's path in a store.
    static func path(layout: StoreLayout) -> String { layout.root + "/daemon/lock" }

    /// Takes the lock; with `wait`, blocks until the holder lets go.
    /// - Throws: ``DaemonError/alreadyServed(pid:)`` when another process holds it and `wait` is false;
    ///   ``DaemonError/storeNotWritable(path:reason:)`` when the file cannot be made.
    static func acquire(layout: StoreLayout, wait: Bool, onWait: (Int32?) -> Void = { _ in }) throws(DaemonError) -> DaemonLock {
        let path = path(layout: layout)
        do throws(SystemError) {
            try SystemCalls.makeDirectories(layout.root + "/daemon")
        } catch {
            throw .storeNotWritable(path: layout.root + "/daemon", reason: "\(error)")
        }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .storeNotWritable(path: path, reason: String(cString: strerror(errno))) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let holder = readPID(fd)
            guard wait else {
                close(fd)
                throw .alreadyServed(pid: holder)
            }
            onWait(holder)
            while flock(fd, LOCK_EX) != 0 && errno == EINTR {}
        }
        ftruncate(fd, 0)
        let text = "\(getpid())\n"
        _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
        return DaemonLock(fd: fd)
    }

    private static func readPID(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = pread(fd, &buffer, buffer.count, 0)
        guard n > 0 else { return nil }
        return Int32(String(decoding: buffer[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

/// Why the trigger service cannot serve a store.
public enum DaemonError: Error, Sendable, Equatable, CustomStringConvertible {
    case alreadyServed(pid: Int32?)
    case storeNotWritable(path: String, reason: String)

    public var description: String {
        switch self {
        case .alreadyServed(let pid):
            "another braid daemon\(pid.map { " (pid \($0))" } ?? "") is serving this store; "
                + "one is enough (stop it first, or start this one with --standby to take over when it stops)"
        case let .storeNotWritable(path, reason):
            "the trigger service cannot write the store at \(path): \(reason); it needs write access to BRAID_HOME"
        }
    }
}
