import Glibc

/// The few system calls Swift's Glibc module does not export.
///
/// `pipe2`, `pidfd_open` and `posix_spawn_file_actions_addclosefrom_np` are
/// declared behind feature macros or in headers (`<sys/pidfd.h>`) the Glibc
/// module map leaves out, so they are looked up once with `dlsym` rather than
/// through a C shim target. Each has a fallback when the C library lacks it.
enum SystemCalls {
    private typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
    private typealias PidfdOpen = @convention(c) (pid_t, UInt32) -> Int32
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    private struct Table: @unchecked Sendable {  // C function pointers, immutable once loaded
        let pipe2: Pipe2?
        let pidfdOpen: PidfdOpen?
        let addCloseFrom: AddCloseFrom?
    }

    private static let table: Table = {
        let handle = dlopen(nil, RTLD_NOW)
        func load<T>(_ name: String, as type: T.Type) -> T? {
            dlsym(handle, name).map { unsafeBitCast($0, to: type) }
        }
        return Table(pipe2: load("pipe2", as: Pipe2.self),
                     pidfdOpen: load("pidfd_open", as: PidfdOpen.self),
                     addCloseFrom: load("posix_spawn_file_actions_addclosefrom_np", as: AddCloseFrom.self))
    }()

    /// A pipe whose both ends are close-on-exec from birth, so a worker spawned
    /// by another thread at the same moment never inherits them.
    /// - Returns: (read end, write end).
    static func pipe() throws(SystemError) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        if let pipe2 = table.pipe2 {
            guard pipe2(&fds, O_CLOEXEC) == 0 else { throw SystemError("pipe2", errno) }
        } else {
            guard Glibc.pipe(&fds) == 0 else { throw SystemError("pipe", errno) }
            _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
            _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        }
        return (fds[0], fds[1])
    }

    /// A descriptor that polls readable when `pid` exits (Linux 5.3+), or nil
    /// when the kernel or C library has none; callers then poll `waitpid`.
    static func pidfd(_ pid: pid_t) -> Int32? {
        guard let open = table.pidfdOpen else { return nil }
        let fd = open(pid, 0)
        return fd >= 0 ? fd : nil
    }

    /// Adds "close every fd from `lowest` up" to spawn actions; false when unsupported.
    static func addCloseFrom(_ actions: inout posix_spawn_file_actions_t, _ lowest: Int32) -> Bool {
        guard let add = table.addCloseFrom else { return false }
        return add(&actions, lowest) == 0
    }

    /// The open descriptors at or above `lowest`, from /proc/self/fd: the fallback
    /// for closing inherited descriptors when `addclosefrom` is missing.
    static func openDescriptors(from lowest: Int32) -> [Int32] {
        guard let dir = opendir("/proc/self/fd") else { return [] }
        defer { closedir(dir) }
        let own = dirfd(dir)
        var result: [Int32] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if let fd = Int32(name), fd >= lowest, fd != own { result.append(fd) }
        }
        return result
    }

    /// Makes a descriptor non-blocking (the engine's ends of worker pipes).
    static func setNonBlocking(_ fd: Int32) {
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
    }

    /// Creates a directory and its missing parents with mkdir(2): cheaper than
    /// FileManager for the two directories every task attempt needs.
    static func makeDirectories(_ path: String, mode: mode_t = 0o755) throws(SystemError) {
        if mkdir(path, mode) == 0 || errno == EEXIST { return }
        guard errno == ENOENT, let slash = path.lastIndex(of: "/"), slash > path.startIndex else {
            throw SystemError("mkdir \(path)", errno)
        }
        try makeDirectories(String(path[..<slash]), mode: mode)
        guard mkdir(path, mode) == 0 || errno == EEXIST else { throw SystemError("mkdir \(path)", errno) }
    }

    /// Writes all of `bytes` to a blocking descriptor, retrying short writes and EINTR.
    @discardableResult
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        guard var base = bytes.baseAddress else { return true }
        var left = bytes.count
        while left > 0 {
            let n = Glibc.write(fd, base, left)
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            base += n
            left -= n
        }
        return true
    }
}

/// A failed system call: which, and `strerror` of its errno.
public struct SystemError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The call (and its subject), e.g. "mkdir /x/logs".
    public let operation: String
    /// The errno value.
    public let code: Int32

    /// Records a failed call and its errno.
    public init(_ operation: String, _ code: Int32) {
        self.operation = operation
        self.code = code
    }

    /// "mkdir /x: Permission denied".
    public var description: String { "\(operation): \(String(cString: strerror(code)))" }
}
