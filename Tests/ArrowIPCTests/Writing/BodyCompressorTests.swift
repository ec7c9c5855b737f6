import CLZ4
import CZstd
import Testing
@testable import ArrowIPC

/// Per-buffer compression (notes §5), checked by decompressing with the
/// libraries directly.
@Suite struct BodyCompressorTests {
    private let compressible = ByteBuffer(copying: (0..<10_000).map { UInt8($0 % 7) })
    private let noise: ByteBuffer = {
        var state: UInt64 = 42
        return ByteBuffer(copying: (0..<512).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1
            return UInt8(truncatingIfNeeded: state >> 56)
        })
    }()

    @Test(arguments: [BodyCompressionCodec.zstd(), .zstd(level: -3), .lz4Frame])
    func compressibleBufferBecomesOneFrameWithItsLength(codec: BodyCompressionCodec) throws {
        let output = try BodyCompressor(codec: codec).compress(compressible)
        #expect(output.prefix == 10_000)
        #expect(output.bytes.count < 1000)
        let magic: [UInt8] = codec == .lz4Frame ? [0x04, 0x22, 0x4d, 0x18] : [0x28, 0xb5, 0x2f, 0xfd]
        #expect(Array(output.bytes.bytes.prefix(4)) == magic)
        #expect(try decompress(output.bytes, codec: codec, size: 10_000) == compressible.bytes)
    }

    @Test(arguments: [BodyCompressionCodec.zstd(), .lz4Frame])
    func incompressibleBufferIsStoredRaw(codec: BodyCompressionCodec) throws {
        let output = try BodyCompressor(codec: codec).compress(noise)
        #expect(output.prefix == -1)
        #expect(output.bytes == noise)
        let tiny = try BodyCompressor(codec: codec).compress(ByteBuffer(copying: [0x05]))
        #expect(tiny.prefix == -1 && tiny.bytes.bytes == [0x05])
    }

    @Test func emptyBufferStaysEmptyWithoutPrefix() throws {
        let output = try BodyCompressor(codec: .zstd()).compress(ByteBuffer())
        #expect(output.prefix == nil && output.bytes.isEmpty)
    }

    @Test func rejectsZstdLevelOutOfRange() {
        #expect {
            try BodyCompressor(codec: .zstd(level: 1000))
        } throws: { error in
            (error as? ArrowIPCError)?.code == .invalidArgument && "\(error)".hasPrefix("ZSTD level 1000 is outside")
        }
    }

    @Test func encoderPrefixesEveryNonEmptyBuffer() throws {
        let encoder = BatchEncoder(alignment: 8, compressor: try BodyCompressor(codec: .zstd()))
        let column = ColumnFactory.ints((0..<1000).map { $0 == 3 ? nil : Int64($0 % 3) }, .int64)
        let batch = try encoder.encode([column], length: 1000, names: ["x"])
        #expect(batch.codec == .zstd())
        #expect(batch.pieces.map(\.prefix) == [125, 8000])  // uncompressed lengths: bitmap, values
        let first = batch.buffers[0]
        #expect(first.length == 8 + batch.pieces[0].bytes.count)
        #expect(batch.buffers[1].offset == (first.length + 7) / 8 * 8)
        #expect(batch.buffers[1].length == 8 + batch.pieces[1].bytes.count)
        #expect(batch.bodyLength % 8 == 0)
    }

    private func decompress(_ frame: ByteBuffer, codec: BodyCompressionCodec, size: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: size)
        let source = frame.bytes
        switch codec {
        case .zstd:
            let n = out.withUnsafeMutableBytes { ZSTD_decompress($0.baseAddress, size, source, source.count) }
            #expect(ZSTD_isError(n) == 0 && n == size)
        case .lz4Frame:
            var context: OpaquePointer?
            _ = LZ4F_createDecompressionContext(&context, UInt32(LZ4F_VERSION))
            defer { LZ4F_freeDecompressionContext(context) }
            var outSize = size, inSize = source.count
            let status = out.withUnsafeMutableBytes { LZ4F_decompress(context, $0.baseAddress, &outSize, source, &inSize, nil) }
            #expect(LZ4F_isError(status) == 0 && status == 0 && outSize == size && inSize == source.count)
        }
        return out
    }
}
