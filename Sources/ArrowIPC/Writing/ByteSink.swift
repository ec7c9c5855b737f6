/// Somewhere the writers put bytes: a file (`FileSink`) or memory (`MemorySink`).
///
/// The writers call `write` with small pieces (message framing, flatbuffers,
/// padding) and large ones (column buffers, passed straight from the
/// columns' memory), so an implementation should stage the small ones and
/// pass the large ones through without copying, as `FileSink` does.
///
/// Sinks are classes: a writer keeps a reference, and the caller keeps one
/// to collect the result (`MemorySink.take()`) or close the file.
public protocol ByteSink: AnyObject {
    /// Appends `bytes`; they may be kept only until the call returns.
    ///
    /// - Throws: `ArrowIPCError` with code `.io` when the bytes cannot be stored.
    func write(_ bytes: UnsafeRawBufferPointer) throws(ArrowIPCError)

    /// Pushes staged bytes to their destination. The writers call it from
    /// `finish()`.
    func flush() throws(ArrowIPCError)

    /// How many bytes `write` has accepted so far, staged ones included: the
    /// position the next byte will have in the output.
    var bytesWritten: Int { get }
}

extension ByteSink {
    /// Appends the bytes of an array.
    func write(_ bytes: [UInt8]) throws(ArrowIPCError) {
        // Array.withUnsafeBytes only rethrows untyped errors: carry ours in a Result.
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(ArrowIPCError) in try write(raw) }
        }
        try result.get()
    }

    /// Appends the bytes of a `ByteBuffer` without copying them first.
    func write(_ buffer: ByteBuffer) throws(ArrowIPCError) {
        try buffer.withUnsafeBytes { (raw) throws(ArrowIPCError) in try write(raw) }
    }

    /// Appends `count` zero bytes (at most `ZeroBlock.size`) from a shared block.
    func writeZeros(_ count: Int) throws(ArrowIPCError) {
        guard count > 0 else { return }
        precondition(count <= ZeroBlock.size, "padding of \(count) bytes exceeds the zero block")
        try write(UnsafeRawBufferPointer(start: ZeroBlock.pointer, count: count))
    }
}

/// A static block of zero bytes, the source of all padding the writers emit.
enum ZeroBlock {
    /// Larger than any padding: alignment is at most 64 (notes §4.3).
    static let size = 64
    private static let block = ByteBuffer(copying: repeatElement(UInt8(0), count: size))
    static var pointer: UnsafeRawPointer { block.base! }

    /// `count` zero bytes (at most `size`) as a buffer.
    static func buffer(count: Int) -> ByteBuffer {
        try! block.slice(offset: 0, count: count, what: "zero block")
    }
}

/// Collects the output in memory.
///
/// ```swift
/// let sink = MemorySink()
/// let writer = try StreamWriter(sink: sink, schema: schema)
/// try writer.write(batch)
/// try writer.finish()
/// let bytes: ByteBuffer = sink.take()
/// ```
public final class MemorySink: ByteSink {
    private var storage: GrowableBuffer

    /// An empty sink with room for `capacity` bytes before it first grows.
    public init(capacity: Int = 0) {
        storage = GrowableBuffer(capacity: capacity)
    }

    /// Copies `bytes` to the end of the collected output; never fails.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(ArrowIPCError) {
        storage.append(contentsOf: bytes)
    }

    /// Nothing to do: memory needs no flushing.
    public func flush() throws(ArrowIPCError) {}

    /// The bytes collected since the last `take()`.
    public var bytesWritten: Int { storage.count }

    /// Hands over everything written so far (no copy) and empties the sink.
    public func take() -> ByteBuffer {
        storage.take()
    }
}
