#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// The name of an object in the store: a SHA-256 content hash, computed on
/// every core for large files.
///
/// Hashing sits between a step writing an artifact and the next step reading
/// it, and SHA-256 runs at about 1.3 GB/s on one core: a quarter of a second
/// for a 10-million-row frame, longer than writing it. SHA-256 itself cannot
/// be split, so a file larger than one piece (16 MiB) is hashed in pieces in
/// parallel and named by the SHA-256 of a prefix and the pieces' digests in
/// order (a hash list). Files up to one piece keep the plain SHA-256 of their
/// bytes. docs/formats.md ("The store") states the rule for other readers.
enum ObjectHash {
    /// The size of the pieces a large file is hashed in.
    static let pieceSize = 16 << 20

    /// Begins the message hashed over the pieces' digests, so that a list of
    /// digests never names the same object as a file holding those bytes.
    static let pieceListPrefix = Array("braid-sha256-pieces-16MiB\n".utf8)

    /// At most this many pieces are read and hashed at once: each holds a
    /// piece-sized buffer, and memory bandwidth, not cores, limits beyond that.
    static let maxLanes = 8

    /// The object name of the open file's bytes.
    ///
    /// Read with `pread(2)` into one piece-sized buffer per core rather than
    /// mapped: unmapping hundreds of megabytes of page cache costs tens of
    /// milliseconds, more than the copy.
    /// - Throws: `StoreError` naming the file when it cannot be read.
    static func of(_ file: SystemFile) throws(StoreError) -> SHA256.Digest {
        let size = Int(try file.size())
        let count = max(1, (size + pieceSize - 1) / pieceSize)
        let lanes = min(count, maxLanes, max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        let pieces = PieceDigests(count: count)
        defer { pieces.deallocate() }
        let failures = LaneFailures(count: lanes)
        defer { failures.deallocate() }
        let descriptor = file.descriptor
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, min(size, pieceSize)), alignment: 64)
            defer { buffer.deallocate() }
            for index in stride(from: lane, to: count, by: lanes) {
                let start = index * pieceSize
                let length = min(pieceSize, size - start)
                guard readFully(descriptor, into: buffer.baseAddress!, count: length, at: start) else {
                    failures.set(lane, errno == 0 ? EIO : errno)
                    return
                }
                pieces.set(index, SHA256.hash(UnsafeRawBufferPointer(start: buffer.baseAddress, count: length)))
            }
        }
        if let code = failures.first { throw .system("read", path: file.path, errno: code) }
        return count == 1 ? pieces.digest(0) : pieces.listDigest()
    }

    /// Reads exactly `count` bytes at `offset`; false on an error or a file shorter than that.
    private static func readFully(_ fd: Int32, into base: UnsafeMutableRawPointer, count: Int, at offset: Int) -> Bool {
        var done = 0
        while done < count {
            let got = retryingEINTR { pread(fd, base + done, count - done, off_t(offset + done)) }
            guard got > 0 else {
                if got == 0 { errno = EIO }  // the file shrank under us
                return false
            }
            done += got
        }
        return true
    }
}

/// One 32-byte slot per piece, each written by exactly one iteration of a
/// parallel loop, so no locking is needed.
private struct PieceDigests: @unchecked Sendable {
    let count: Int
    private let slots: UnsafeMutableBufferPointer<UInt8>

    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count * 32)
        slots.initialize(repeating: 0)
    }

    func set(_ index: Int, _ digest: SHA256.Digest) {
        for (offset, byte) in digest.bytes.enumerated() { slots[index * 32 + offset] = byte }
    }

    func digest(_ index: Int) -> SHA256.Digest {
        SHA256.Digest(bytes: Array(slots[index * 32..<(index + 1) * 32]))
    }

    /// The SHA-256 of the prefix and every piece's digest in order.
    func listDigest() -> SHA256.Digest {
        var list = ObjectHash.pieceListPrefix
        list.append(contentsOf: slots)
        return list.withUnsafeBytes { SHA256.hash($0) }
    }

    func deallocate() { slots.deallocate() }
}

/// The errno of each lane of a parallel read that failed (0: none).
private struct LaneFailures: @unchecked Sendable {
    private let codes: UnsafeMutableBufferPointer<Int32>

    init(count: Int) {
        codes = .allocate(capacity: count)
        codes.initialize(repeating: 0)
    }

    func set(_ lane: Int, _ code: Int32) { codes[lane] = code }

    var first: Int32? { codes.first { $0 != 0 } }

    func deallocate() { codes.deallocate() }
}
