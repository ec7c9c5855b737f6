import Testing
@testable import ArrowIPC

/// Per-buffer decompression (notes §5): `[i64 uncompressed length][frame]`.
@Suite struct BodyDecompressorTests {
    static let text = Array("hello hello hello hello hello hello hello!".utf8)  // 42 bytes
    // pa.compress(text, codec="lz4") and codec="zstd", pyarrow 26.0.1.
    static let lz4Frame: [UInt8] = [
        0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0x82, 0x10, 0x00, 0x00, 0x00, 0x6f, 0x68, 0x65, 0x6c, 0x6c,
        0x6f, 0x20, 0x06, 0x00, 0x0c, 0x50, 0x65, 0x6c, 0x6c, 0x6f, 0x21, 0x00, 0x00, 0x00, 0x00,
    ]
    static let zstdFrame: [UInt8] = [
        0x28, 0xb5, 0x2f, 0xfd, 0x20, 0x2a, 0x6d, 0x00, 0x00, 0x38, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x20,
        0x21, 0x01, 0x00, 0x42, 0x96, 0x22,
    ]

    static func decompress(_ codec: CompressionCodec, _ length: Int64, _ payload: [UInt8]) throws(ArrowIPCError) -> [UInt8] {
        try BodyDecompressor(codec: codec).decompress(ByteBuffer(copying: le(length) + payload)).bytes
    }

    @Test func decodesLZ4AndZstdFrames() throws {
        #expect(try Self.decompress(.lz4Frame, 42, Self.lz4Frame) == Self.text)
        #expect(try Self.decompress(.zstd, 42, Self.zstdFrame) == Self.text)
    }

    @Test func passesRawBuffersThroughWithoutCopying() throws {
        let buffer = ByteBuffer(copying: le(Int64(-1)) + [1, 2, 3])
        let raw = try BodyDecompressor(codec: .zstd).decompress(buffer)
        #expect(raw.bytes == [1, 2, 3])
        #expect(raw.owner === buffer.owner)
    }

    @Test func leavesEmptyBuffersEmpty() throws {
        #expect(try BodyDecompressor(codec: .lz4Frame).decompress(ByteBuffer()).isEmpty)
    }

    @Test func oneDecoderHandlesManyLZ4Frames() throws {
        let decoder = try BodyDecompressor(codec: .lz4Frame)
        for _ in 0..<3 {
            #expect(try decoder.decompress(ByteBuffer(copying: le(Int64(42)) + Self.lz4Frame)).bytes == Self.text)
        }
    }

    static let failures: [(CompressionCodec, Int64, [UInt8], String)] = [
        (.lz4Frame, 43, lz4Frame, "the LZ4 frame decompresses to 42 bytes, the length prefix says 43"),
        (.lz4Frame, 41, lz4Frame, "the LZ4 frame decompresses to more than the stated 41 bytes"),
        (.zstd, 43, zstdFrame, "the Zstandard frame holds 42 bytes, the length prefix says 43"),
        (.lz4Frame, Int64.max, lz4Frame, "the uncompressed length 9223372036854775807 is more than 31 compressed bytes can hold"),
        (.zstd, 1 << 40, zstdFrame, "the uncompressed length 1099511627776 is more than 22 compressed bytes can hold"),
        (.zstd, -2, zstdFrame, "the uncompressed length -2 is negative"),
        (.lz4Frame, 42, Array(lz4Frame.dropLast(4)), "the LZ4 frame is truncated after 27 bytes"),
        (.lz4Frame, 42, lz4Frame + [1, 2, 3], "3 bytes follow the end of the LZ4 frame"),
        (.zstd, 42, zstdFrame + [1, 2, 3], "3 bytes follow the end of the Zstandard frame"),
        (.lz4Frame, 42, [0] + lz4Frame.dropFirst(), "the LZ4 frame is corrupt: ERROR_frameType_unknown"),
        (.zstd, 42, [0] + zstdFrame.dropFirst(), "the Zstandard frame is corrupt: Unknown frame descriptor"),
        (.lz4Frame, 0, [], "the LZ4 frame is empty"),
    ]

    @Test(arguments: failures)
    func rejectsBadFramesAndLengths(_ codec: CompressionCodec, _ length: Int64, _ payload: [UInt8], _ message: String) {
        #expect(throws: ArrowIPCError(.compression, message)) { try Self.decompress(codec, length, payload) }
    }

    @Test func rejectsABufferShorterThanItsPrefix() {
        #expect(throws: ArrowIPCError(.compression, "a compressed buffer of 5 bytes is shorter than its 8-byte length prefix")) {
            try BodyDecompressor(codec: .zstd).decompress(ByteBuffer(copying: [1, 2, 3, 4, 5]))
        }
    }
}
