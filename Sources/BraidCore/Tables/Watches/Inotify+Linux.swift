import Glibc

/// One inotify instance (inotify(7)): owns its descriptor, closed in `deinit`.
///
/// Non-blocking and close-on-exec (`inotify_init1(IN_NONBLOCK | IN_CLOEXEC)`),
/// so it sits in the trigger service's `poll()` set and no run's engine
/// inherits it. inotify sees changes made on this machine only (not by
/// another NFS client), and its queue can overflow (`IN_Q_OVERFLOW`); the
/// service re-lists everything for both.
final class Inotify {
    /// One event, by the directory watch it came from.
    struct Event: Equatable {
        /// The watch descriptor; -1 for a queue overflow.
        var watch: Int32
        var mask: UInt32
        /// The entry's name in the watched directory; empty for events on the directory itself.
        var name: String

        var isOverflow: Bool { mask & UInt32(IN_Q_OVERFLOW) != 0 }
    }

    let descriptor: Int32

    init() throws(SystemError) {
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { throw SystemError("inotify_init1", errno) }
        descriptor = fd
    }

    deinit { close(descriptor) }

    /// Watches `directory` for `mask` (replacing an earlier mask on it).
    /// - Returns: the watch descriptor.
    func add(_ directory: String, mask: UInt32) throws(SystemError) -> Int32 {
        let wd = inotify_add_watch(descriptor, directory, mask | UInt32(IN_ONLYDIR))
        guard wd >= 0 else { throw SystemError("inotify_add_watch \(directory)", errno) }
        return wd
    }

    func remove(_ watch: Int32) {
        _ = inotify_rm_watch(descriptor, watch)  // EINVAL: the kernel removed it already (IN_IGNORED)
    }

    /// Every event queued now (none when nothing is: the descriptor is non-blocking).
    func readEvents() -> [Event] {
        var events: [Event] = []
        // "sizeof(struct inotify_event) + NAME_MAX + 1 will be sufficient to read at least one event" (inotify(7)).
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return events }
            buffer.withUnsafeBytes { raw in
                var offset = 0
                // struct inotify_event { int wd; uint32_t mask; uint32_t cookie; uint32_t len; char name[]; }
                while offset + 16 <= count {
                    let wd = raw.loadUnaligned(fromByteOffset: offset, as: Int32.self)
                    let mask = raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
                    let length = Int(raw.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
                    let nameBytes = raw[(offset + 16)..<min(count, offset + 16 + length)].prefix { $0 != 0 }
                    events.append(Event(watch: wd, mask: mask, name: String(decoding: nameBytes, as: UTF8.self)))
                    offset += 16 + length
                }
            }
        }
    }
}
