#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A whole file mapped read-only into memory (`mmap(2)`), unmapped when the
/// object goes away.
///
/// Hashing and checking a spool file read it through the mapping: no copy into
/// Swift arrays, and the kernel reads ahead since the access is declared
/// sequential (`madvise(MADV_SEQUENTIAL)`).
final class FileMapping {
    let path: String
    /// The file's bytes; valid only while the object lives, hence private:
    /// Swift may release an object right after its last use, so the bytes are
    /// only handed out inside `withBytes`.
    private let bytes: UnsafeRawBufferPointer
    private let address: UnsafeMutableRawPointer?

    init(path: String) throws(StoreError) {
        let file = try SystemFile(path: path, flags: O_RDONLY)
        let size = try file.size()
        self.path = path
        guard size > 0 else {
            // mmap refuses a length of 0 (EINVAL); an empty file maps to no bytes.
            address = nil
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let mapped = mmap(nil, Int(size), PROT_READ, MAP_PRIVATE, file.descriptor, 0), mapped != MAP_FAILED else {
            throw .system("map", path: path, errno: errno)
        }
        // Advice only: a failure changes nothing but speed.
        _ = madvise(mapped, Int(size), MADV_SEQUENTIAL)
        address = mapped
        bytes = UnsafeRawBufferPointer(start: mapped, count: Int(size))
        // The mapping stays valid after the descriptor closes (mmap(2)).
    }

    /// The number of bytes mapped: the file's size.
    var count: Int { bytes.count }

    /// Calls `body` with the file's bytes, keeping the mapping alive meanwhile.
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withExtendedLifetime(self) { try body(bytes) }
    }

    deinit {
        if let address { munmap(address, bytes.count) }
    }
}
