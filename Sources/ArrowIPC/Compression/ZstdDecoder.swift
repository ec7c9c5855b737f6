import CZstd

/// Decodes one Zstandard frame (magic `28 b5 2f fd`) into a buffer of exactly
/// the expected size, with zstd's one-shot API (no context to own).
enum ZstdDecoder {
    /// The most a frame of `compressedSize` bytes can produce: a zstd block
    /// holds at most 128 KiB, and the smallest block (an RLE block) takes 4
    /// bytes, so the ratio cannot exceed 32768.
    static func maximumDecompressedSize(compressedSize: Int) -> Int {
        Column.byteCount(compressedSize, width: 32_768)
    }

    /// Checks what the frame header says before anything is allocated: the
    /// source must hold exactly one frame, and a frame that records its
    /// content size must record `count`.
    static func checkFrame(_ source: UnsafeRawBufferPointer, count: Int) throws(ArrowIPCError) {
        let frameSize = ZSTD_findFrameCompressedSize(source.baseAddress, source.count)
        if ZSTD_isError(frameSize) != 0 {
            throw ArrowIPCError(.compression, "the Zstandard frame is corrupt: \(name(of: frameSize))")
        }
        guard frameSize == source.count else {
            throw ArrowIPCError(.compression, "\(source.count - frameSize) bytes follow the end of the Zstandard frame")
        }
        let contentSize = ZSTD_getFrameContentSize(source.baseAddress, source.count)
        // ZSTD_CONTENTSIZE_UNKNOWN = 0ULL - 1, ZSTD_CONTENTSIZE_ERROR = 0ULL - 2 (zstd.h).
        if contentSize == UInt64.max - 1 {
            throw ArrowIPCError(.compression, "the Zstandard frame header is corrupt")
        }
        if contentSize != UInt64.max && contentSize != UInt64(count) {
            throw ArrowIPCError(.compression, "the Zstandard frame holds \(contentSize) bytes, the length prefix says \(count)")
        }
    }

    /// Decompresses the frame in `source` into `count` bytes at `destination`.
    static func decompress(_ source: UnsafeRawBufferPointer, into destination: UnsafeMutableRawPointer, count: Int) throws(ArrowIPCError) {
        let result = ZSTD_decompress(destination, count, source.baseAddress, source.count)
        if ZSTD_isError(result) != 0 {
            throw ArrowIPCError(.compression, "the Zstandard frame does not decompress to the stated \(count) bytes: \(name(of: result))")
        }
        guard result == count else {
            throw ArrowIPCError(.compression, "the Zstandard frame decompresses to \(result) bytes, the length prefix says \(count)")
        }
    }

    private static func name(of code: Int) -> String {
        String(cString: ZSTD_getErrorName(code))
    }
}
