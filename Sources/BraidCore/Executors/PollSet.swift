import Glibc

/// One `poll()` call's worth of descriptors, each with a caller's token.
///
/// Rebuilt on every loop turn: with a handful of workers that is a few dozen
/// bytes, cheaper than keeping a registration table in step with workers
/// coming and going.
struct PollSet {
    private var entries: [pollfd] = []
    private var tokens: [Int] = []

    /// Adds a descriptor; negative descriptors (closed channels) are skipped.
    mutating func watch(_ fd: Int32, forWriting: Bool = false, token: Int) {
        guard fd >= 0 else { return }
        entries.append(pollfd(fd: fd, events: Int16(forWriting ? POLLOUT : POLLIN), revents: 0))
        tokens.append(token)
    }

    mutating func removeAll() {
        entries.removeAll(keepingCapacity: true)
        tokens.removeAll(keepingCapacity: true)
    }

    /// Waits until a descriptor is ready or the timeout passes (nil waits without limit).
    /// - Returns: the tokens of the ready descriptors, in the order they were added.
    mutating func wait(timeout: Duration?) throws(SystemError) -> [Int] {
        let millis: Int32 = timeout.map { t in
            t <= .zero ? 0 : Int32(min(Double(Int32.max), (t / .milliseconds(1)).rounded(.up)))
        } ?? -1
        let ready = poll(&entries, nfds_t(entries.count), millis)
        if ready < 0 {
            if errno == EINTR { return [] }  // a signal: the handler wrote to the wakeup pipe
            throw SystemError("poll", errno)
        }
        guard ready > 0 else { return [] }
        var result: [Int] = []
        result.reserveCapacity(Int(ready))
        // POLLHUP and POLLERR count as ready: the read or write that follows sees EOF or the error.
        for (i, entry) in entries.enumerated() where entry.revents != 0 { result.append(tokens[i]) }
        return result
    }
}
