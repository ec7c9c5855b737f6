#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An immutable run of bytes, shared cheaply between slices.
///
/// Column data read from a file points straight into the file's memory map
/// (no copy); column data made by a builder points into memory the builder
/// allocated. Either way the memory lives as long as any `ByteBuffer` refers
/// to it.
///
/// Every read goes through a bounds check, and multi-byte values are loaded
/// unaligned and little-endian: Arrow data in legacy-framed streams need not be
/// aligned in memory (see the notes' §1 on legacy framing).
public struct ByteBuffer: @unchecked Sendable {
    // `@unchecked Sendable`: the bytes behind `base` are never written after the
    // owner hands them over, and the owner keeps them alive.
    let owner: BufferOwner
    let base: UnsafeRawPointer?
    /// The number of bytes.
    public let count: Int

    init(owner: BufferOwner, base: UnsafeRawPointer?, count: Int) {
        self.owner = owner
        self.base = base
        self.count = count
    }

    /// An empty buffer.
    public init() {
        self.init(owner: HeapBufferOwner.empty, base: nil, count: 0)
    }

    /// A buffer holding a copy of `bytes`.
    public init<Bytes: Collection>(copying bytes: Bytes) where Bytes.Element == UInt8 {
        let owner = HeapBufferOwner(capacity: bytes.count)
        let target = UnsafeMutableRawBufferPointer(start: owner.pointer, count: bytes.count)
        target.copyBytes(from: bytes)
        self.init(owner: owner, base: UnsafeRawPointer(owner.pointer), count: bytes.count)
    }

    /// Whether the buffer holds no bytes.
    public var isEmpty: Bool { count == 0 }

    /// A view of `count` bytes starting at `offset`, sharing this buffer's memory.
    ///
    /// - Throws: `ArrowIPCError` when the range does not lie inside the buffer.
    public func slice(offset: Int, count: Int, what: @autoclosure () -> String = "slice") throws(ArrowIPCError) -> ByteBuffer {
        guard offset >= 0, count >= 0, offset <= self.count, count <= self.count - offset else {
            throw ArrowIPCError.outOfBounds(what(), offset: offset, length: count, available: self.count)
        }
        return ByteBuffer(owner: owner, base: base.map { $0 + offset }, count: count)
    }

    /// Whether `length` bytes starting at `offset` lie inside the buffer.
    @inline(__always)
    public func contains(offset: Int, length: Int) -> Bool {
        offset >= 0 && length >= 0 && offset <= count && length <= count - offset
    }

    /// Loads a little-endian integer at `offset`, or nil when it does not fit.
    @inline(__always)
    public func load<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T? {
        guard contains(offset: offset, length: MemoryLayout<T>.size), let base else { return nil }
        return T(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: T.self))
    }

    /// Loads a little-endian integer at `offset` that the caller has already
    /// bounds-checked (for loops over a range checked once).
    @inline(__always)
    func loadUnchecked<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T {
        T(littleEndian: base.unsafelyUnwrapped.loadUnaligned(fromByteOffset: offset, as: T.self))
    }

    /// The byte at `offset`, or nil when out of range.
    @inline(__always)
    public subscript(offset: Int) -> UInt8? {
        guard offset >= 0, offset < count, let base else { return nil }
        return base.load(fromByteOffset: offset, as: UInt8.self)
    }

    /// Calls `body` with the raw bytes.
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    /// A copy of the bytes as an array.
    public var bytes: [UInt8] {
        withUnsafeBytes { Array($0) }
    }
}

extension ByteBuffer: Equatable {
    /// Buffers are equal when their bytes are.
    public static func == (lhs: ByteBuffer, rhs: ByteBuffer) -> Bool {
        guard lhs.count == rhs.count else { return false }
        if lhs.count == 0 || lhs.base == rhs.base { return true }
        return memcmp(lhs.base!, rhs.base!, lhs.count) == 0
    }
}

/// Keeps the memory behind one or more `ByteBuffer`s alive.
class BufferOwner: @unchecked Sendable {}

/// Memory from `malloc`, freed when the last buffer referring to it goes.
final class HeapBufferOwner: BufferOwner, @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer?

    static let empty = HeapBufferOwner(capacity: 0)

    init(capacity: Int) {
        pointer = capacity > 0 ? malloc(capacity) : nil
        if capacity > 0 && pointer == nil {
            fatalError("out of memory allocating \(capacity) bytes")
        }
    }

    /// Takes over memory allocated with `malloc`.
    init(adopting pointer: UnsafeMutableRawPointer?) {
        self.pointer = pointer
    }

    deinit { free(pointer) }
}
