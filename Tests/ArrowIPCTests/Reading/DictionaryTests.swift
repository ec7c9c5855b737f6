import Testing
@testable import ArrowIPC

/// Dictionary batches: deltas, replacements, nesting, and misuse.
@Suite struct DictionaryTests {
    @Test func appliesADeltaInAStream() throws {
        var reader = try StreamReader(bytes: MappedFile.map(path: TestData.path("dict_delta.arrows")))
        let first = try #require(try reader.next())
        #expect(first.columns[0].values == [.string("A"), .string("B"), .string("A")])
        #expect(first.columns[0].dictionary?.length == 2)
        let second = try #require(try reader.next())
        #expect(second.columns[0].values == [.string("C"), .null, .string("B")])
        #expect(second.columns[0].dictionary?.values == [.string("A"), .string("B"), .string("C")])
        #expect(try reader.next() == nil)
        // The first batch keeps the dictionary it was read with.
        #expect(first.columns[0].dictionary?.length == 2)
    }

    @Test func replacesADictionaryInAStream() throws {
        let table = try ArrowTable.read(path: TestData.fixturePath("dictionary_replacement.arrows"))
        #expect(table.batches.count == 2)
        #expect(table.batches[0].columns[0].values == [.string("a"), .string("b"), .string("a")])
        #expect(table.batches[1].columns[0].values == [.string("z"), .string("y")])
        #expect(table.batches[1].columns[0].dictionary?.values == [.string("z"), .string("y")])
    }

    @Test func appliesAllFileDeltasBeforeAnyBatch() throws {
        // As pyarrow does: every footer dictionary block is read on open.
        let reader = try FileReader(path: TestData.fixturePath("file_deltas.arrow"))
        #expect(try reader.batch(at: 1).columns[0].values == [.string("c"), .string("a"), .null])
        let first = try reader.batch(at: 0).columns[0]
        #expect(first.values == [.string("a"), .string("b")])
        #expect(first.dictionary?.length == 3)
    }

    @Test(arguments: ["nested_dictionary.arrows", "nested_dictionary.arrow"])
    func readsDictionariesInsideStructsAndLists(_ name: String) throws {
        let table = try ArrowTable.read(path: TestData.fixturePath(name))
        let utf8 = { (index: IntegerType) in DataType.dictionary(DictionaryType(indexType: index, valueType: .utf8)) }
        #expect(table.schema.fields == [
            Field("words", utf8(.int32)),
            Field("st", .struct([Field("d", utf8(.int16)), Field("n", .int32)])),
            Field("lst", .list(Field("item", utf8(.int8)))),
        ])
        #expect(table.columnValues == [
            [.string("x"), .string("y"), .string("x"), .null],
            [.struct([.string("hi"), .int(1)]), .struct([.string("lo"), .int(2)]),
             .struct([.null, .int(3)]), .struct([.string("hi"), .int(4)])],
            [.list([.string("p"), .string("q")]), .list([]), .list([.string("q")]), .list([.string("p"), .string("r")])],
        ])
        for batch in table.batches { try batch.validate() }
    }

    @Test func rejectsAnIdUsedBeforeItsDictionary() throws {
        // basic.arrows without its dictionary batch (bytes 456..<656).
        let bytes = try TestData.bytes("basic.arrows")
        var reader = try StreamReader(bytes: ByteBuffer(copying: Array(bytes[0..<456] + bytes[656...])))
        #expect(throws: ArrowIPCError(.invalidData, "dictionary id 0 is used before a dictionary batch defines it",
                                      context: ["column 'cat' (6)", "record batch 0"])) {
            try reader.next()
        }
    }

    @Test func rejectsADeltaBeforeItsDictionary() throws {
        // dict_delta.arrows without its first dictionary batch and record batch.
        let bytes = try TestData.bytes("dict_delta.arrows")
        let messages = try Self.messageRanges(bytes)
        let kept = Array(bytes[messages[0]]) + messages[3...].flatMap { bytes[$0] }
        var reader = try StreamReader(bytes: ByteBuffer(copying: kept))
        #expect(throws: ArrowIPCError(.invalidData, "a delta for dictionary id 0 arrives before the dictionary itself",
                                      context: ["dictionary batch 0 (id 0)"])) {
            try reader.next()
        }
    }

    @Test func concatenatesNestedAndFlatValueTypes() throws {
        let a = VariableWidthBuilder(type: .largeBinary)
        a.append(bytes: [1])
        a.append(bytes: nil)
        let b = VariableWidthBuilder(type: .largeBinary)
        b.append(bytes: [2, 3])
        #expect(try a.finish().appending(b.finish()).values == [.binary([1]), .null, .binary([2, 3])])

        let ints = FixedWidthBuilder<Int16>(type: .int16)
        for v: Int16? in [1, 2, nil, 4] { ints.append(v) }
        let list1 = try Column.list(ints.finish(), offsets: [0, 2, 4], isValid: [true, false])
        let more = FixedWidthBuilder<Int16>(type: .int16)
        more.append(9)
        let list2 = try Column.list(more.finish(), offsets: [0, 1])
        let joined = try list1.appending(list2)
        #expect(joined.values == [.list([.int(1), .int(2)]), .null, .list([.int(9)])])
        try joined.validate()
    }

    /// The byte ranges of a stream's messages, EOS included.
    static func messageRanges(_ bytes: [UInt8]) throws -> [Range<Int>] {
        var reader = MessageReader(bytes: ByteBuffer(copying: bytes))
        var ranges: [Range<Int>] = []
        var start = 0
        while try reader.next() != nil {
            ranges.append(start..<reader.position)
            start = reader.position
        }
        ranges.append(start..<bytes.count)
        return ranges
    }
}
