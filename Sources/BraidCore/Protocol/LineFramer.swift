import Glibc

/// Splits a byte stream into `\n`-terminated lines, holding at most one
/// partial line of at most `maxLineBytes` bytes.
///
/// The same framer serves the protocol channel, where an overlong line is an
/// error naming the limit (a worker that never sends a newline must not make
/// the engine buffer without bound), and the user's stdout/stderr, where an
/// overlong line is split into `maxLineBytes` pieces so a progress bar that
/// never prints `\n` is still shown and memory stays bounded.
///
/// Lines are handed out without their `\n`, as a buffer valid only during the
/// callback: a line that arrived whole in one chunk is not copied.
///
/// ```swift
/// var framer = LineFramer(maxLineBytes: ProtocolVersion.maxWorkerLineBytes, overlong: .fail)
/// try chunk.withUnsafeBytes { try framer.append($0) { line in handle(line) } }
/// ```
public struct LineFramer: Sendable {
    /// What to do with a line longer than the limit.
    public enum OverlongPolicy: Sendable {
        /// Throw a ``ProtocolError`` naming the limit; the framer is then spent.
        case fail
        /// Hand out the line in pieces of the limit's size.
        case split
    }

    /// The longest line handed out, newline excluded.
    public let maxLineBytes: Int
    /// What happens to a line longer than ``maxLineBytes``.
    public let overlongPolicy: OverlongPolicy
    private var pending: [UInt8] = []

    /// Creates a framer with a line limit and a policy for longer lines.
    public init(maxLineBytes: Int, overlong: OverlongPolicy) {
        precondition(maxLineBytes > 0, "a line limit must be positive")
        self.maxLineBytes = maxLineBytes
        self.overlongPolicy = overlong
    }

    /// Whether bytes of an unterminated line are held.
    public var hasPartialLine: Bool { !pending.isEmpty }

    /// Feeds bytes read from the stream, calling `line` for every line they complete.
    /// - Throws: ``ProtocolError`` for an overlong line under `.fail`, or what `line` throws.
    public mutating func append(_ bytes: UnsafeRawBufferPointer, line: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        var offset = 0
        while offset < bytes.count {
            let remaining = bytes.count - offset
            if let newline = memchr(base + offset, 0x0A, remaining) {
                let end = UnsafeRawPointer(newline) - base
                try take(UnsafeRawBufferPointer(start: base + offset, count: end - offset), terminated: true, line: line)
                offset = end + 1
            } else {
                try take(UnsafeRawBufferPointer(start: base + offset, count: remaining), terminated: false, line: line)
                offset = bytes.count
            }
        }
    }

    /// Feeds bytes from an array; see ``append(_:line:)``.
    public mutating func append(_ bytes: [UInt8], line: (UnsafeRawBufferPointer) throws -> Void) throws {
        try bytes.withUnsafeBytes { try append($0, line: line) }
    }

    /// Ends the stream: returns the unterminated last line, if any, and forgets it.
    public mutating func finish() -> [UInt8]? {
        guard !pending.isEmpty else { return nil }
        defer { pending = [] }
        return pending
    }

    /// Splits a whole buffer into lines (copies); for tests and small inputs.
    public mutating func lines(in bytes: [UInt8]) throws -> [[UInt8]] {
        var result: [[UInt8]] = []
        try append(bytes) { result.append(Array($0)) }
        return result
    }

    // MARK: - Private

    /// Takes one segment: up to a newline (`terminated`) or the end of the chunk.
    private mutating func take(_ segment: UnsafeRawBufferPointer, terminated: Bool,
                               line: (UnsafeRawBufferPointer) throws -> Void) throws {
        var segment = segment
        while pending.count + segment.count > maxLineBytes {
            switch overlongPolicy {
            case .fail:
                let head = Array(pending.prefix(ProtocolError.maxExcerptBytes)) + Array(segment.prefix(ProtocolError.maxExcerptBytes))
                pending = []
                throw ProtocolError(line: head, reason: "the line is longer than the \(maxLineBytes.byteCountText) limit")
            case .split:
                let room = maxLineBytes - pending.count
                pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: segment[..<room]))
                segment = UnsafeRawBufferPointer(rebasing: segment[room...])
                try emitPending(line)
            }
        }
        if !terminated {
            pending.append(contentsOf: segment)
        } else if pending.isEmpty {
            try line(segment)  // the common case: a whole line inside one read, no copy
        } else {
            pending.append(contentsOf: segment)
            try emitPending(line)
        }
    }

    private mutating func emitPending(_ line: (UnsafeRawBufferPointer) throws -> Void) throws {
        defer {
            // Keep a small buffer for the next partial line; give a big one back.
            pending.removeAll(keepingCapacity: pending.capacity <= 64 << 10)
        }
        try pending.withUnsafeBytes { try line($0) }
    }
}
