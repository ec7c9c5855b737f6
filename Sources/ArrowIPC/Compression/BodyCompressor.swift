#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CLZ4
import CZstd

/// Compresses body buffers one at a time (notes §5): each non-empty buffer
/// becomes `[i64 uncompressed length][one LZ4 or Zstandard frame]`.
///
/// Not an error: a buffer the codec cannot shrink comes back raw with the
/// length -1, and an empty buffer stays empty with no prefix.
final class BodyCompressor {
    let codec: BodyCompressionCodec
    /// Reused across buffers: creating a ZSTD context costs more than
    /// compressing a small buffer.
    private let zstdContext: OpaquePointer?

    init(codec: BodyCompressionCodec) throws(ArrowIPCError) {
        self.codec = codec
        if case .zstd(let level) = codec {
            guard (Int(ZSTD_minCLevel())...Int(ZSTD_maxCLevel())).contains(level) else {
                throw .invalidArgument("ZSTD level \(level) is outside \(ZSTD_minCLevel())...\(ZSTD_maxCLevel())")
            }
            guard let context = ZSTD_createCCtx() else {
                throw ArrowIPCError(.compression, "ZSTD_createCCtx failed")
            }
            zstdContext = context
        } else {
            zstdContext = nil
        }
    }

    deinit {
        if let zstdContext { ZSTD_freeCCtx(zstdContext) }
    }

    /// One compressed buffer: the i64 prefix (`nil` for an empty buffer,
    /// -1 when `bytes` are raw) and the bytes that follow it.
    struct Output {
        let prefix: Int64?
        let bytes: ByteBuffer
    }

    /// Compresses `buffer`, or keeps it raw when that is not smaller.
    ///
    /// - Throws: `ArrowIPCError` (`.compression`) with the library's message.
    func compress(_ buffer: ByteBuffer) throws(ArrowIPCError) -> Output {
        guard buffer.count > 0 else { return Output(prefix: nil, bytes: buffer) }
        let bound = switch codec {
        case .zstd: ZSTD_compressBound(buffer.count)
        case .lz4Frame: LZ4F_compressFrameBound(buffer.count, nil)
        }
        let owner = HeapBufferOwner(capacity: bound)
        let size = try buffer.withUnsafeBytes { (source) throws(ArrowIPCError) -> Int in
            try compress(source, into: owner.pointer!, capacity: bound)
        }
        guard size < buffer.count else {
            return Output(prefix: -1, bytes: buffer)  // raw: the frame would not be smaller
        }
        return Output(prefix: Int64(buffer.count), bytes: ByteBuffer(owner: owner, base: owner.pointer, count: size))
    }

    private func compress(_ source: UnsafeRawBufferPointer, into target: UnsafeMutableRawPointer,
                          capacity: Int) throws(ArrowIPCError) -> Int {
        switch codec {
        case .zstd(let level):
            let size = ZSTD_compressCCtx(zstdContext, target, capacity, source.baseAddress, source.count, Int32(level))
            if ZSTD_isError(size) != 0 {
                throw ArrowIPCError(.compression, "ZSTD compression of \(source.count) bytes failed: \(String(cString: ZSTD_getErrorName(size)))")
            }
            return size
        case .lz4Frame:
            // Default preferences: 64 KB blocks, no checksums, like pyarrow's frames.
            let size = LZ4F_compressFrame(target, capacity, source.baseAddress, source.count, nil)
            if LZ4F_isError(size) != 0 {
                throw ArrowIPCError(.compression, "LZ4 frame compression of \(source.count) bytes failed: \(String(cString: LZ4F_getErrorName(size)))")
            }
            return size
        }
    }
}
