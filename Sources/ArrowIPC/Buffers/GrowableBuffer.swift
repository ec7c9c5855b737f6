#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bytes that grow at the end, for builders; `take()` hands the memory to a
/// `ByteBuffer` without copying.
///
/// Growth doubles the capacity, so appending n values costs O(n) amortized.
public struct GrowableBuffer: ~Copyable {
    private var pointer: UnsafeMutableRawPointer?
    private var capacity: Int
    /// Bytes written so far.
    public private(set) var count: Int = 0

    /// An empty buffer with room for `capacity` bytes before it first grows.
    public init(capacity: Int = 0) {
        self.capacity = max(capacity, 0)
        pointer = self.capacity > 0 ? malloc(self.capacity) : nil
        if self.capacity > 0 && pointer == nil { fatalError("out of memory allocating \(capacity) bytes") }
    }

    deinit { free(pointer) }

    /// Makes room for at least `additional` more bytes.
    public mutating func reserve(_ additional: Int) {
        let needed = count + additional
        guard needed > capacity else { return }
        var newCapacity = max(capacity * 2, 64)
        while newCapacity < needed { newCapacity *= 2 }
        guard let grown = realloc(pointer, newCapacity) else {
            fatalError("out of memory growing a buffer to \(newCapacity) bytes")
        }
        pointer = grown
        capacity = newCapacity
    }

    /// Appends a value's bytes in little-endian order.
    @inline(__always)
    public mutating func append<T: FixedWidthInteger>(_ value: T) {
        reserve(MemoryLayout<T>.size)
        pointer!.storeBytes(of: value.littleEndian, toByteOffset: count, as: T.self)
        count += MemoryLayout<T>.size
    }

    /// Appends raw bytes.
    public mutating func append(contentsOf bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        reserve(bytes.count)
        (pointer! + count).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
        count += bytes.count
    }

    /// Appends `n` zero bytes.
    public mutating func appendZeros(_ n: Int) {
        guard n > 0 else { return }
        reserve(n)
        memset(pointer! + count, 0, n)
        count += n
    }

    /// Sets or clears bit `index` (LSB first, as Arrow bitmaps are), growing the
    /// buffer with zero bytes as needed.
    @inline(__always)
    public mutating func setBit(_ index: Int, _ isSet: Bool) {
        let byteIndex = index >> 3
        if byteIndex >= count { appendZeros(byteIndex + 1 - count) }
        let bytes = pointer!.assumingMemoryBound(to: UInt8.self)
        if isSet {
            bytes[byteIndex] |= UInt8(1) << UInt8(index & 7)
        } else {
            bytes[byteIndex] &= ~(UInt8(1) << UInt8(index & 7))
        }
    }

    /// Overwrites a previously written value at `offset`.
    public mutating func store<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        precondition(offset >= 0 && offset + MemoryLayout<T>.size <= count, "store past the end")
        pointer!.storeBytes(of: value.littleEndian, toByteOffset: offset, as: T.self)
    }

    /// Hands the bytes to an immutable `ByteBuffer` (no copy) and leaves this
    /// buffer empty.
    public mutating func take() -> ByteBuffer {
        let owner = HeapBufferOwner(adopting: pointer)
        let buffer = ByteBuffer(owner: owner, base: UnsafeRawPointer(pointer), count: count)
        pointer = nil
        capacity = 0
        count = 0
        return buffer
    }

    /// The bytes written so far, for in-place work (e.g. compression) before `take()`.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}
