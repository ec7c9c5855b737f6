import Testing
@testable import ArrowIPC

/// Flattening (notes §4.1) and body placement (§4.3).
@Suite struct BatchEncoderTests {
    private func encode(_ columns: [Column], length: Int? = nil, alignment: Int = 8) throws -> EncodedBatch {
        try BatchEncoder(alignment: alignment, compressor: nil)
            .encode(columns, length: length ?? columns[0].length, names: columns.map { _ in "c" })
    }

    /// The body as one array, as the message writer would emit it.
    private func body(_ batch: EncodedBatch) -> [UInt8] {
        batch.pieces.flatMap { $0.bytes.bytes + [UInt8](repeating: 0, count: $0.padding) }
    }

    @Test func basicColumnsGetNodesAndAlignedBuffers() throws {
        let batch = try encode([
            ColumnFactory.ints([1, nil, 3] as [Int32?], .int32),
            ColumnFactory.strings(["a", nil, "ccc"]),
            ColumnFactory.bools([true, false, true]),
        ])
        #expect(batch.nodes == [.init(length: 3, nullCount: 1), .init(length: 3, nullCount: 1), .init(length: 3, nullCount: 0)])
        #expect(batch.buffers == [
            .init(offset: 0, length: 1), .init(offset: 8, length: 12),  // validity 05, values
            .init(offset: 24, length: 1), .init(offset: 32, length: 16), .init(offset: 48, length: 4),  // validity, offsets, data
            .init(offset: 56, length: 0), .init(offset: 56, length: 1),  // no validity: nothing is null
        ])
        #expect(batch.bodyLength == 64)
        let bytes = body(batch)
        #expect(bytes.count == 64)
        #expect(bytes[0] == 0x05 && bytes[24] == 0x05 && bytes[56] == 0x05)
        #expect(Array(bytes[32..<48]) == [0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 0])
        #expect(Array(bytes[48..<52]) == Array("accc".utf8))
    }

    @Test func sixtyFourByteAlignment() throws {
        let batch = try encode([ColumnFactory.ints([1, nil, 3] as [Int32?], .int32)], alignment: 64)
        #expect(batch.buffers.map(\.offset) == [0, 64])
        #expect(batch.bodyLength == 128)
    }

    @Test func nullCountIsRecountedFromTheBitmap() throws {
        // The column claims 2 nulls; its bitmap 0b101 has one.
        let column = try Column(type: .int8, length: 3, nullCount: 2, validity: ByteBuffer(copying: [0xfd]),
                                buffers: [ByteBuffer(copying: [1, 2, 3])])
        #expect(try encode([column]).nodes == [.init(length: 3, nullCount: 1)])
        let allValid = try Column(type: .int8, length: 3, nullCount: 1, validity: ByteBuffer(copying: [0x07]),
                                  buffers: [ByteBuffer(copying: [1, 2, 3])])
        let batch = try encode([allValid])
        #expect(batch.nodes == [.init(length: 3, nullCount: 0)])
        #expect(batch.buffers[0].length == 0)  // no nulls: the bitmap is left out
    }

    @Test func writesOnlyTheBytesTheNodeNeeds() throws {
        let longChild = ColumnFactory.ints((0..<10).map { Int64($0) } as [Int64?], .int64)
        let st = try Column(type: .struct([Field("v", .int64)]), length: 2, nullCount: 0, children: [longChild])
        let batch = try encode([st])
        #expect(batch.nodes == [.init(length: 2, nullCount: 0), .init(length: 2, nullCount: 0)])
        #expect(batch.buffers.map(\.length) == [0, 0, 16])
    }

    @Test func keepsOffsetsThatDoNotStartAtZero() throws {
        let sliced = try ColumnFactory.strings(["skip", "ab", "c"]).slice(rows: 1..<3)
        let batch = try encode([sliced])
        let bytes = body(batch)
        let offsets = batch.buffers[1]
        #expect(offsets.length == 12)
        #expect(Array(bytes[offsets.offset..<(offsets.offset + 12)]) == [4, 0, 0, 0, 6, 0, 0, 0, 7, 0, 0, 0])
        #expect(batch.buffers[2].length == 7)  // the data up to the last offset, from 0
    }

    @Test func nestedColumnsAreWalkedParentFirst() throws {
        // list<struct<a: int8, b: utf8>> then int16
        let items = try ColumnFactory.structOf([
            ("a", ColumnFactory.ints([1, 2, 3] as [Int8?], .int8)),
            ("b", ColumnFactory.strings(["x", "y", "z"])),
        ], rows: 3)
        let list = try ColumnFactory.list(items, counts: [2, nil, 1])
        let batch = try encode([list, ColumnFactory.ints([5, 6, 7] as [Int16?], .int16)])
        #expect(batch.nodes.map(\.length) == [3, 3, 3, 3, 3])
        #expect(batch.nodes.map(\.nullCount) == [1, 0, 0, 0, 0])
        // list: validity, offsets; struct: validity; a: validity, values; b: validity, offsets, data; int16: 2
        #expect(batch.buffers.count == 2 + 1 + 2 + 3 + 2)
    }

    @Test func listChildIsWrittenUpToTheLastOffset() throws {
        let values = ColumnFactory.ints([1, 2, 3, 4, 5] as [Int32?], .int32)
        let list = try Column.list(values, offsets: [0, 1, 3])  // 2 of the 5 values are past the end
        #expect(try encode([list]).nodes.map(\.length) == [2, 3])
    }

    @Test func nullTypeHasANodeAndNoBuffers() throws {
        let batch = try encode([Column.nulls(4), ColumnFactory.ints([1, 2, 3, 4] as [UInt8?], .uint8)])
        #expect(batch.nodes == [.init(length: 4, nullCount: 4), .init(length: 4, nullCount: 0)])
        #expect(batch.buffers.count == 2)
    }

    @Test func dictionaryColumnsContributeOnlyTheirIndices() throws {
        let column = try ColumnFactory.dictionary([0, nil, 1] as [Int16?], .int16,
                                                  values: ColumnFactory.strings(["lo", "hi"]))
        let batch = try encode([column])
        #expect(batch.nodes == [.init(length: 3, nullCount: 1)])
        #expect(batch.buffers.map(\.length) == [1, 6])
    }

    @Test func zeroRowsStillGetOneOffset() throws {
        let bare = try Column(type: .largeUtf8, length: 0, nullCount: 0, buffers: [ByteBuffer(), ByteBuffer()])
        let batch = try encode([bare, ColumnFactory.strings([])], length: 0)
        #expect(batch.buffers.map(\.length) == [0, 8, 0, 0, 4, 0])
        #expect(body(batch) == [UInt8](repeating: 0, count: 16))
    }

    @Test func fixedSizeListChildCoversLengthTimesSize() throws {
        let values = ColumnFactory.ints((0..<9).map { Int16($0) } as [Int16?], .int16)
        let list = try ColumnFactory.fixedSizeList(values, size: 2)  // 4 rows, 1 value spare
        let batch = try encode([list])
        #expect(batch.nodes.map(\.length) == [4, 8])
        #expect(batch.buffers.map(\.length) == [0, 0, 16])
    }
}
