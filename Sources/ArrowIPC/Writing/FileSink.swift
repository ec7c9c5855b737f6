#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes to a file descriptor: small pieces are staged in a reusable buffer
/// and written in one call, large ones (column data) are written straight
/// from the caller's memory with no copy.
///
/// Interrupted (`EINTR`) and partial writes are retried; any other failure
/// (`ENOSPC`, `EIO`, …) throws `ArrowIPCError` with code `.io` naming the path.
/// Call `close()` to learn about errors: `deinit` closes too, but silently.
public final class FileSink: ByteSink {
    /// The path errors name.
    public let path: String
    private var fd: Int32
    private let ownsDescriptor: Bool
    private let syncOnClose: Bool
    private let staging: UnsafeMutableRawPointer
    private let stagingCapacity: Int
    private var staged = 0
    /// Bytes the descriptor has accepted, for error messages.
    private var bytesOnDevice = 0
    /// Bytes accepted by `write`, staged ones included.
    public private(set) var bytesWritten = 0

    /// Creates (or truncates) the file at `path`.
    ///
    /// - Parameters:
    ///   - syncOnClose: `fsync` before closing, so the data is on disk when
    ///     `close()` returns.
    ///   - stagingCapacity: size of the buffer for small writes.
    /// - Throws: `ArrowIPCError` (`.io`) when the file cannot be opened.
    public convenience init(path: String, syncOnClose: Bool = false, stagingCapacity: Int = 64 * 1024) throws(ArrowIPCError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(path: path, reason: "cannot open for writing: \(MappedFile.systemError())") }
        self.init(fileDescriptor: fd, path: path, ownsDescriptor: true, syncOnClose: syncOnClose,
                  stagingCapacity: stagingCapacity)
    }

    /// Writes to an open descriptor (a pipe, a socket, stdout).
    ///
    /// - Parameters:
    ///   - path: what errors call the destination.
    ///   - ownsDescriptor: whether `close()` closes `fileDescriptor`.
    public init(fileDescriptor: Int32, path: String, ownsDescriptor: Bool = false, syncOnClose: Bool = false,
                stagingCapacity: Int = 64 * 1024) {
        self.fd = fileDescriptor
        self.path = path
        self.ownsDescriptor = ownsDescriptor
        self.syncOnClose = syncOnClose
        self.stagingCapacity = max(stagingCapacity, ZeroBlock.size)
        staging = UnsafeMutableRawPointer.allocate(byteCount: self.stagingCapacity, alignment: 64)
    }

    deinit {
        if fd >= 0 {
            try? flush()
            if ownsDescriptor { _ = closeDescriptor(fd) }
        }
        staging.deallocate()
    }

    /// Stages `bytes` when they fit the staging buffer, else flushes it and
    /// writes `bytes` straight from the caller's memory.
    ///
    /// - Throws: `ArrowIPCError` (`.io`) naming the path and the system's reason.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(ArrowIPCError) {
        guard bytes.count > 0 else { return }
        guard fd >= 0 else { throw .io(path: path, reason: "write after close") }
        if bytes.count > stagingCapacity - staged {
            try flush()
        }
        if bytes.count < stagingCapacity {
            (staging + staged).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
            staged += bytes.count
        } else {
            try writeFully(bytes)
        }
        bytesWritten += bytes.count
    }

    /// Writes the staged bytes to the descriptor.
    public func flush() throws(ArrowIPCError) {
        guard staged > 0 else { return }
        let pending = staged
        staged = 0
        try writeFully(UnsafeRawBufferPointer(start: staging, count: pending))
    }

    /// Flushes and `fsync`s, so everything written so far is on disk.
    public func sync() throws(ArrowIPCError) {
        guard fd >= 0 else { throw .io(path: path, reason: "sync after close") }
        try flush()
        while fsync(fd) != 0 {
            guard errno == EINTR else { throw failure("fsync failed") }
        }
    }

    /// Flushes, syncs when asked at `init`, and closes the descriptor if this
    /// sink owns it. Closing twice does nothing.
    public func close() throws(ArrowIPCError) {
        guard fd >= 0 else { return }
        var firstError: ArrowIPCError?
        do {
            if syncOnClose { try sync() } else { try flush() }
        } catch {
            firstError = error
        }
        // close(2) can report a delayed write error (e.g. on NFS). EINTR is not
        // retried: on Linux the descriptor is released either way.
        if ownsDescriptor && closeDescriptor(fd) != 0 && errno != EINTR && firstError == nil {
            firstError = failure("close failed")
        }
        fd = -1
        if let firstError { throw firstError }
    }

    /// Loops until every byte is written, retrying on `EINTR` and partial writes.
    private func writeFully(_ bytes: UnsafeRawBufferPointer) throws(ArrowIPCError) {
        var next = bytes.baseAddress!
        var remaining = bytes.count
        while remaining > 0 {
            // Linux writes at most 0x7ffff000 bytes per call.
            let written = writeDescriptor(fd, next, min(remaining, 0x4000_0000))
            if written < 0 {
                if errno == EINTR { continue }
                throw failure("write failed")
            }
            guard written > 0 else { throw .io(path: path, reason: "write failed: the device accepted no bytes") }
            next += written
            remaining -= written
            bytesOnDevice += written
        }
    }

    private func failure(_ what: String) -> ArrowIPCError {
        .io(path: path, reason: "\(what) after \(bytesOnDevice) bytes: \(MappedFile.systemError())")
    }
}

// File-scope wrappers: inside `FileSink`, `close` and `write` name its methods.
private func closeDescriptor(_ fd: Int32) -> Int32 { close(fd) }

private func writeDescriptor(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, bytes, count)
}
