#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns the buffers of a compressed message body back into plain bytes
/// (notes §5).
///
/// Each non-empty buffer of a compressed body is `[i64 uncompressed length]
/// [payload]`: a length of -1 means the payload is stored raw (returned as a
/// slice, no copy); otherwise the payload is one frame of the codec that must
/// decompress to exactly that length. Empty buffers stay empty.
///
/// The length prefix is checked against what the payload could possibly
/// expand to *before* any memory is allocated, so a corrupt prefix cannot
/// request gigabytes.
struct BodyDecompressor {
    private enum Decoder {
        case lz4(LZ4FrameDecoder)
        case zstd
    }

    private let decoder: Decoder

    init(codec: CompressionCodec) throws(ArrowIPCError) {
        decoder = switch codec {
        case .lz4Frame: .lz4(try LZ4FrameDecoder())
        case .zstd: .zstd
        }
    }

    /// The plain bytes of one compressed buffer.
    func decompress(_ buffer: ByteBuffer) throws(ArrowIPCError) -> ByteBuffer {
        if buffer.isEmpty { return buffer }
        guard let claimed = buffer.load(Int64.self, at: 0) else {
            throw ArrowIPCError(.compression, "a compressed buffer of \(buffer.count) bytes is shorter than its 8-byte length prefix")
        }
        let payload = try buffer.slice(offset: 8, count: buffer.count - 8)
        if claimed == -1 { return payload }
        guard claimed >= 0 else {
            throw ArrowIPCError(.compression, "the uncompressed length \(claimed) is negative")
        }
        let count = Int(claimed)
        let limit = switch decoder {
        case .lz4: LZ4FrameDecoder.maximumDecompressedSize(compressedSize: payload.count)
        case .zstd: ZstdDecoder.maximumDecompressedSize(compressedSize: payload.count)
        }
        guard count <= limit else {
            throw ArrowIPCError(.compression, "the uncompressed length \(count) is more than \(payload.count) compressed bytes can hold")
        }
        if case .zstd = decoder {
            try payload.withUnsafeBytes { (source) throws(ArrowIPCError) in try ZstdDecoder.checkFrame(source, count: count) }
        }
        // Allocate only now, and report a refusal instead of trapping.
        guard let memory = malloc(max(count, 1)) else {
            throw ArrowIPCError(.compression, "cannot allocate \(count) bytes for a decompressed buffer")
        }
        let owner = HeapBufferOwner(adopting: memory)  // frees the memory if decoding throws
        try payload.withUnsafeBytes { (source) throws(ArrowIPCError) in
            switch decoder {
            case .lz4(let lz4): try lz4.decompress(source, into: memory, count: count)
            case .zstd: try ZstdDecoder.decompress(source, into: memory, count: count)
            }
        }
        return ByteBuffer(owner: owner, base: UnsafeRawPointer(memory), count: count)
    }
}
