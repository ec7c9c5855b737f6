import Glibc

/// The file system calls a scan of a watched location makes, each failure a
/// ``SystemError`` naming the path.
enum LocationFiles {
    /// What `stat` says of one path.
    struct Entry: Equatable {
        var name: String
        var isDirectory: Bool
        var isRegularFile: Bool
        /// Nanoseconds since the epoch.
        var modified: Int64
        var size: Int64
        var inode: UInt64
        var links: UInt64

        var identity: WatchedFile.Identity { WatchedFile.Identity(inode: inode, size: size, modified: modified) }
    }

    /// `stat` (following symbolic links) or `lstat`.
    static func status(_ path: String, followingLinks: Bool = true) throws(SystemError) -> Entry {
        var info = stat()
        guard (followingLinks ? stat(path, &info) : lstat(path, &info)) == 0 else { throw SystemError("stat \(path)", errno) }
        return entry(name: String(path.split(separator: "/").last ?? ""), info)
    }

    /// The entries of a directory (not `.` and `..`), each `lstat`ed; an entry gone since it was listed is left out.
    static func list(_ directory: String) throws(SystemError) -> [Entry] {
        guard let handle = opendir(directory) else { throw SystemError("opendir \(directory)", errno) }
        defer { closedir(handle) }
        var entries: [Entry] = []
        while true {
            errno = 0
            guard let item = readdir(handle) else {
                if errno != 0 { throw SystemError("readdir \(directory)", errno) }
                return entries
            }
            let name = withUnsafeBytes(of: item.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name == "." || name == ".." { continue }
            var info = stat()
            guard lstat(directory + "/" + name, &info) == 0 else { continue }
            entries.append(entry(name: name, info))
        }
    }

    /// A whole file's bytes.
    static func read(_ path: String) throws(SystemError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError("open \(path)", errno) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw SystemError("read \(path)", errno)
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<count])
        }
    }

    /// Copies `path` to `target` (created, not replaced).
    /// - Returns: the source's identity as read from the open file: the bytes copied are that file's.
    static func copy(_ path: String, to target: String) throws(SystemError) -> Entry {
        let source = open(path, O_RDONLY | O_CLOEXEC)
        guard source >= 0 else { throw SystemError("open \(path)", errno) }
        defer { close(source) }
        var info = stat()
        guard fstat(source, &info) == 0 else { throw SystemError("stat \(path)", errno) }
        let sink = open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard sink >= 0 else { throw SystemError("create \(target)", errno) }
        defer { close(sink) }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(source, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw SystemError("read \(path)", errno)
            }
            if count == 0 { break }
            guard chunk.withUnsafeBytes({ SystemCalls.writeAll(sink, UnsafeRawBufferPointer(rebasing: $0[..<count])) }) else {
                throw SystemError("write \(target)", errno)
            }
        }
        return entry(name: String(path.split(separator: "/").last ?? ""), info)
    }

    private static func entry(name: String, _ info: stat) -> Entry {
        let type = info.st_mode & S_IFMT
        return Entry(name: name, isDirectory: type == S_IFDIR, isRegularFile: type == S_IFREG,
                     modified: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
                     size: Int64(info.st_size), inode: UInt64(info.st_ino), links: UInt64(info.st_nlink))
    }
}
