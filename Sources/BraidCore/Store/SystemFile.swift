#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// One open file descriptor, closed when the object goes away.
///
/// Every call's result is checked and turned into a `StoreError` that names the
/// path and the system's reason. `EINTR` (a signal arrived mid-call) is retried.
final class SystemFile {
    let path: String
    private(set) var descriptor: Int32

    /// Opens `path` with `open(2)` flags; `O_CLOEXEC` is always added so worker
    /// processes never inherit store files.
    init(path: String, flags: Int32, mode: mode_t = 0o644) throws(StoreError) {
        self.path = path
        let fd = retryingEINTR { open(path, flags | O_CLOEXEC, mode) }
        guard fd >= 0 else {
            throw .system(flags & O_CREAT != 0 ? "create" : "open", path: path, errno: errno)
        }
        descriptor = fd
    }

    deinit {
        if descriptor >= 0 { _ = closeDescriptor(descriptor) }
    }

    /// Writes all of `bytes`, looping over short writes.
    func write(_ bytes: UnsafeRawBufferPointer) throws(StoreError) {
        var offset = 0
        while offset < bytes.count {
            let written = retryingEINTR { writeDescriptor(descriptor, bytes.baseAddress! + offset, bytes.count - offset) }
            guard written > 0 else { throw .system("write", path: path, errno: written == 0 ? EIO : errno) }
            offset += written
        }
    }

    /// Flushes the file's data and metadata to the disk (`fsync(2)`).
    func sync() throws(StoreError) {
        guard retryingEINTR({ fsync(descriptor) }) == 0 else { throw .system("fsync", path: path, errno: errno) }
    }

    /// The file's size in bytes.
    func size() throws(StoreError) -> Int64 {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .system("stat", path: path, errno: errno) }
        return Int64(info.st_size)
    }

    /// Sets the permission bits (`fchmod(2)`).
    func setPermissions(_ mode: mode_t) throws(StoreError) {
        guard fchmod(descriptor, mode) == 0 else { throw .system("change the permissions of", path: path, errno: errno) }
    }

    /// Closes now, reporting the error `close(2)` can return (on NFS a failed
    /// write may first show up here).
    func close() throws(StoreError) {
        let fd = descriptor
        descriptor = -1
        // Not retried on EINTR: on Linux the descriptor is released even then.
        guard closeDescriptor(fd) == 0 else { throw .system("close", path: path, errno: errno) }
    }

    /// Closes on a background thread, for a file just deleted: closing the last
    /// descriptor of a deleted file frees its pages, which takes tens of
    /// milliseconds for hundreds of megabytes, and nothing waits for that.
    func closeInBackground() {
        let fd = descriptor
        descriptor = -1
        DispatchQueue.global(qos: .utility).async { _ = closeDescriptor(fd) }
    }

    /// Asks the kernel to start writing the file's dirty pages to the disk
    /// (`sync_file_range(2)` with `SYNC_FILE_RANGE_WRITE`), so that a later
    /// `fsync` finds the work mostly done. The call itself can take a tenth of a
    /// second for a large file, so it runs on a background thread, on a
    /// duplicate of the descriptor. Advice only: errors, and systems without the
    /// call, change nothing but speed.
    func startWriteback() {
        guard let syncFileRange = SyncFileRange.function else { return }
        let duplicate = fcntl(descriptor, F_DUPFD_CLOEXEC, 0)
        guard duplicate >= 0 else { return }
        DispatchQueue.global(qos: .utility).async {
            _ = syncFileRange(duplicate, 0, 0, 2 /* SYNC_FILE_RANGE_WRITE */)
            _ = closeDescriptor(duplicate)
        }
    }

    /// Flushes a directory's entries to the disk, making a rename or a new file
    /// in it durable: "calling fsync() does not necessarily ensure that the entry
    /// in the directory containing the file has also reached disk. For that an
    /// explicit fsync() on a file descriptor for the directory is also needed" (fsync(2)).
    static func syncDirectory(_ path: String) throws(StoreError) {
        let directory = try SystemFile(path: path, flags: O_RDONLY | O_DIRECTORY)
        try directory.sync()
    }

    /// Creates a directory and its missing parents; an existing one is fine.
    /// - Returns: whether it created `path` itself.
    @discardableResult
    static func createDirectory(_ path: String, mode: mode_t = 0o755) throws(StoreError) -> Bool {
        if mkdir(path, mode) == 0 { return true }
        switch errno {
        case EEXIST:
            var info = stat()
            guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
                throw .system("create the directory", path: path, errno: ENOTDIR)
            }
            return false
        case ENOENT:
            let parent = parentDirectory(of: path)
            guard parent != path, !parent.isEmpty else { throw .system("create the directory", path: path, errno: ENOENT) }
            try createDirectory(parent, mode: mode)
            return try createDirectory(path, mode: mode)
        case let code:
            throw .system("create the directory", path: path, errno: code)
        }
    }

    /// The directory part of a path: "/a/b/c" → "/a/b", "c" → ".".
    static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}

/// Calls `body` again while it fails with `EINTR`.
@inline(__always)
func retryingEINTR<T: FixedWidthInteger>(_ body: () -> T) -> T {
    while true {
        let result = body()
        if result == -1 && errno == EINTR { continue }
        return result
    }
}

// The C functions, under names the methods above do not shadow.
private func closeDescriptor(_ fd: Int32) -> Int32 { close(fd) }
private func writeDescriptor(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { write(fd, bytes, count) }

/// `sync_file_range` is Linux's and Swift's Glibc module does not declare it:
/// it is looked up by name.
private enum SyncFileRange {
    typealias Function = @convention(c) (Int32, Int64, Int64, UInt32) -> Int32

    nonisolated(unsafe) static let function: Function? = {
        dlsym(dlopen(nil, RTLD_NOW), "sync_file_range").map { unsafeBitCast($0, to: Function.self) }
    }()
}
