#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opens files as `ByteBuffer`s backed by a read-only memory map, so column data
/// is read in place and only the pages actually touched are loaded.
public enum MappedFile {
    /// Maps the whole file at `path`.
    ///
    /// An empty file maps to an empty buffer (mmap refuses length 0).
    /// - Throws: `ArrowIPCError.io` naming the path and the system's reason.
    public static func map(path: String) throws(ArrowIPCError) -> ByteBuffer {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(path: path, reason: systemError()) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .io(path: path, reason: systemError()) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw .io(path: path, reason: "not a regular file")
        }
        let size = Int(info.st_size)
        if size == 0 { return ByteBuffer() }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), address != MAP_FAILED else {
            throw .io(path: path, reason: systemError())
        }
        let owner = MappedRegionOwner(address: address, length: size)
        return ByteBuffer(owner: owner, base: UnsafeRawPointer(address), count: size)
    }

    static func systemError() -> String {
        String(cString: strerror(errno))
    }
}

/// Unmaps the region when the last buffer referring to it goes.
final class MappedRegionOwner: BufferOwner, @unchecked Sendable {
    let address: UnsafeMutableRawPointer
    let length: Int

    init(address: UnsafeMutableRawPointer, length: Int) {
        self.address = address
        self.length = length
    }

    deinit { munmap(address, length) }
}
