import Testing
@testable import ArrowIPC

@Suite struct ColumnTests {
    @Test func buildsIntegersWithNulls() {
        let builder = FixedWidthBuilder<Int32>(type: .int32)
        builder.append(1)
        builder.append(nil)
        builder.append(3)
        let column = builder.finish()
        #expect(column.length == 3)
        #expect(column.nullCount == 1)
        #expect(column.values == [.int(1), .null, .int(3)])
    }

    @Test func keepsNaNApartFromNull() {
        let builder = FloatingPointBuilder<Double>()
        builder.append(1.5)
        builder.append(.nan)
        builder.append(nil)
        let column = builder.finish()
        #expect(column.double(at: 1)!.isNaN)
        #expect(column.double(at: 2) == nil)
    }

    @Test func buildsStringsAndBools() {
        let strings = VariableWidthBuilder(type: .utf8)
        for s in ["a", nil, "ccc"] { strings.append(s) }
        let bools = BoolBuilder()
        for b in [true, false, nil] { bools.append(b) }
        #expect(strings.finish().values == [.string("a"), .null, .string("ccc")])
        #expect(bools.finish().values == [.bool(true), .bool(false), .null])
    }

    @Test func rejectsDictionaryIndexOutOfRange() throws {
        let indices = FixedWidthBuilder<Int8>(type: .int8)
        indices.append(0)
        indices.append(2)
        let dictionary = VariableWidthBuilder()
        dictionary.append("lo")
        dictionary.append("hi")
        #expect(throws: ArrowIPCError.self) {
            try Column.dictionary(indices: indices.finish(), dictionary: dictionary.finish())
        }
    }

    @Test func clampsCorruptMiddleOffsets() throws {
        // offsets 0, 100, 2 over 2 bytes of data: slot 0 is clamped to the data.
        var offsets = GrowableBuffer()
        for o: Int32 in [0, 100, 2] { offsets.append(o) }
        let column = try Column(type: .binary, length: 2, nullCount: 0,
                                buffers: [offsets.take(), ByteBuffer(copying: [1, 2])])
        #expect(column.binary(at: 0)!.bytes == [1, 2])
        #expect(column.binary(at: 1)!.bytes == [])
    }
}

