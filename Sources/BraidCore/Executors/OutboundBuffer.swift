import Glibc

/// Bytes waiting to be written to a non-blocking descriptor.
///
/// A task line can be up to 16 MiB and a pipe holds 64 KiB, so the engine
/// writes what the pipe takes and waits for POLLOUT for the rest instead of
/// blocking its loop on one slow worker.
struct OutboundBuffer: Sendable {
    private var bytes: [UInt8] = []
    private var offset = 0

    /// Whether everything queued has been written.
    var isEmpty: Bool { offset >= bytes.count }

    mutating func enqueue(_ line: [UInt8]) {
        if isEmpty {
            bytes = line
            offset = 0
        } else {
            bytes.append(contentsOf: line)
        }
    }

    /// What happened when writing.
    enum FlushResult: Equatable {
        /// Everything queued was written.
        case drained
        /// The pipe is full; wait for POLLOUT.
        case wouldBlock
        /// The reader is gone (EPIPE) or another error: drop the rest.
        case failed(Int32)
    }

    /// Writes as much as the descriptor takes without blocking.
    mutating func flush(to fd: Int32) -> FlushResult {
        while !isEmpty {
            let n = bytes.withUnsafeBytes { buffer in
                Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if n >= 0 {
                offset += n
                continue
            }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            case let code:
                bytes = []
                offset = 0
                return .failed(code)
            }
        }
        bytes = []
        offset = 0
        return .drained
    }
}
