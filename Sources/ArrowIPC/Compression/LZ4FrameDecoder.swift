import CLZ4

/// Decodes one LZ4 frame (the frame format of lz4frame.h, magic `04 22 4d 18`,
/// not the raw block format) into a buffer of exactly the expected size.
///
/// Owns one `LZ4F_dctx`, freed in `deinit`. After a frame ends the context is
/// ready for the next frame; after an error it is not, so a decoder that has
/// thrown must not be used again (the body that failed is abandoned anyway).
final class LZ4FrameDecoder {
    private let context: OpaquePointer

    init() throws(ArrowIPCError) {
        var context: OpaquePointer?
        let status = LZ4F_createDecompressionContext(&context, UInt32(LZ4F_VERSION))
        guard LZ4F_isError(status) == 0, let context else {
            throw ArrowIPCError(.compression, "cannot create an LZ4 decompression context: \(LZ4FrameDecoder.name(of: status))")
        }
        self.context = context
    }

    deinit { LZ4F_freeDecompressionContext(context) }

    /// LZ4 can expand at most about 255 times (a run of 255-valued length
    /// bytes in one sequence), so a frame of `compressedSize` bytes cannot
    /// produce more than this. Used to refuse absurd length prefixes before
    /// allocating.
    static func maximumDecompressedSize(compressedSize: Int) -> Int {
        Column.byteCount(compressedSize, width: 256, plus: 64)
    }

    /// Decompresses the single frame in `source` into `count` bytes at `destination`.
    ///
    /// - Throws: `.compression` when the frame is corrupt, truncated, followed
    ///   by other bytes, or decompresses to a size other than `count`.
    func decompress(_ source: UnsafeRawBufferPointer, into destination: UnsafeMutableRawPointer, count: Int) throws(ArrowIPCError) {
        guard let sourceBase = source.baseAddress, !source.isEmpty else {
            throw ArrowIPCError(.compression, "the LZ4 frame is empty")
        }
        var consumed = 0
        var produced = 0
        while true {
            var sourceSize = source.count - consumed
            var destinationSize = count - produced
            let hint = LZ4F_decompress(context, destination + produced, &destinationSize,
                                       sourceBase + consumed, &sourceSize, nil)
            if LZ4F_isError(hint) != 0 {
                throw ArrowIPCError(.compression, "the LZ4 frame is corrupt: \(LZ4FrameDecoder.name(of: hint))")
            }
            consumed += sourceSize
            produced += destinationSize
            if hint == 0 { break }  // The frame ended.
            if sourceSize == 0 && destinationSize == 0 {
                // No progress: either the input ran out mid-frame or the output is full.
                if produced == count && consumed < source.count {
                    throw ArrowIPCError(.compression, "the LZ4 frame decompresses to more than the stated \(count) bytes")
                }
                throw ArrowIPCError(.compression, "the LZ4 frame is truncated after \(source.count) bytes")
            }
        }
        guard consumed == source.count else {
            throw ArrowIPCError(.compression, "\(source.count - consumed) bytes follow the end of the LZ4 frame")
        }
        guard produced == count else {
            throw ArrowIPCError(.compression, "the LZ4 frame decompresses to \(produced) bytes, the length prefix says \(count)")
        }
    }

    private static func name(of code: Int) -> String {
        String(cString: LZ4F_getErrorName(code))
    }
}
