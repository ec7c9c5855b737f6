import Testing
@testable import ArrowIPC

/// Stream framing (notes §1) and stream-level rules, with streams built by
/// `TestFlatbufferWriter` where no reference file has the case.
@Suite struct StreamReaderTests {
    /// A RecordBatch message for the int32 column "x" holding `values`, with
    /// the validity buffer at `validity` (ignored: null_count is 0).
    static func int32Batch(_ values: [Int32], validity: (Int64, Int64) = (0, 0),
                           extraNode: Bool = false, extraBuffer: Bool = false) -> [UInt8] {
        var body = values.flatMap { TestFlatbufferWriter.le($0) }
        while body.count % 8 != 0 { body.append(0) }
        var nodes = [(Int64(values.count), Int64(0))]
        if extraNode { nodes.append((0, 0)) }
        var buffers = [validity, (0, Int64(values.count * 4))]
        if extraBuffer { buffers.append((0, 0)) }
        let header = TestArrow.recordBatch(length: Int64(values.count), nodes: nodes, buffers: buffers)
        return TestFlatbufferWriter.message(TestArrow.message(header: 3, header, bodyLength: Int64(body.count)), body: body)
    }

    static func read(_ bytes: [UInt8]) throws(ArrowIPCError) -> [[Value]] {
        var reader = try StreamReader(bytes: ByteBuffer(copying: bytes))
        return try reader.readAll().map { $0.columns[0].values }
    }

    @Test func readsBatchesInOrder() throws {
        let stream = TestArrow.int32Stream([Self.int32Batch([1, 2]), Self.int32Batch([3])])
        #expect(try Self.read(stream) == [[.int(1), .int(2)], [.int(3)]])
    }

    @Test func acceptsAMissingEndOfStream() throws {
        let stream = TestArrow.int32Stream([Self.int32Batch([7])]).dropLast(8)
        #expect(try Self.read(Array(stream)) == [[.int(7)]])
        let basic = try TestData.bytes("basic.arrows").dropLast(8)
        var reader = try StreamReader(bytes: ByteBuffer(copying: basic))
        #expect(try reader.readAll().count == 1)
    }

    @Test func stopsAtTheEndOfStreamMarker() throws {
        let stream = TestArrow.int32Stream([Self.int32Batch([7])]) + [0xde, 0xad, 0xbe, 0xef, 1]
        #expect(try Self.read(stream) == [[.int(7)]])
    }

    @Test func readsTheLegacyFraming() throws {
        // Drop every continuation marker; the legacy EOS is 4 zero bytes.
        let continuation: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF]
        let messages = [TestFlatbufferWriter.message(TestArrow.message(header: 1, TestArrow.schema([
            TestArrow.field("x", typeTag: 2, type: TestArrow.int32Type)]))), Self.int32Batch([4, 5])]
        let legacy: [UInt8] = messages.flatMap { Array($0.dropFirst(continuation.count)) } + [0, 0, 0, 0]
        #expect(try Self.read(legacy) == [[.int(4), .int(5)]])
        let table = try ArrowTable.read(path: TestData.path("basic_legacy.arrows"))
        #expect(table.format == .stream)
    }

    @Test func readsACompressedStream() throws {
        let table = try ArrowTable.read(path: TestData.fixturePath("multi_batch_lz4.arrows"))
        #expect(table.batches.map { $0.columns[0].values } == [[.int(0)], [.int(10), .int(11)], [.int(20), .int(21), .int(22)]])
    }

    @Test func readsAnEmptyStream() throws {
        var reader = try StreamReader(bytes: MappedFile.map(path: TestData.path("empty.arrows")))
        #expect(reader.schema == Expected.basicSchema)
        #expect(try reader.next() == nil)
        #expect(try reader.next() == nil)
    }

    @Test func ignoresTheValidityBufferWhenThereAreNoNulls() throws {
        // A validity Buffer far outside the body, as a writer may leave it.
        let stream = TestArrow.int32Stream([Self.int32Batch([1], validity: (-5, 1000))])
        #expect(try Self.read(stream) == [[.int(1)]])
    }

    @Test func readsTheStreamInsideAFile() throws {
        let file = try TestData.bytes("basic.arrow")
        let table = try ArrowTable.read(bytes: ByteBuffer(copying: file[8...]))
        #expect(table.format == .stream)
        #expect(table.columnValues == Expected.basicColumns)
    }

    static let framingErrors: [(String, [UInt8], String)] = [
        ("no bytes", [], "the stream ends before its Schema message"),
        ("only an EOS", [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0], "the stream ends before its Schema message"),
        ("negative length", [0xFF, 0xFF, 0xFF, 0xFF, 0xF8, 0xFF, 0xFF, 0xFF],
         "message 0 at offset 0: the metadata length -8 is negative"),
        ("marker below -1", [0xFE, 0xFF, 0xFF, 0xFF], "message 0 at offset 0: the metadata length -2 is negative"),
        ("oversized length", [0xFF, 0xFF, 0xFF, 0xFF, 0x10, 0x27, 0, 0, 1, 2],
         "message 0 at offset 0: the metadata length 10000 overruns the 2 bytes that remain"),
        ("three bytes", [0x10, 0, 0], "message 0 at offset 0: only 3 bytes remain, too few for a message length"),
        ("marker only", [0xFF, 0xFF, 0xFF, 0xFF, 1],
         "message 0 at offset 0: the bytes end inside the message length after the continuation marker"),
        ("batch first", StreamReaderTests.int32Batch([1]),
         "message 0 at offset 0: the stream starts with a RecordBatch message instead of a Schema"),
        ("two schemas", TestArrow.int32Stream([Array(TestArrow.int32Stream([]).dropLast(8))]),
         "message 1 at offset 136: a second Schema message appears in the stream"),
        ("extra node", TestArrow.int32Stream([StreamReaderTests.int32Batch([1], extraNode: true)]),
         "record batch 0: the record batch has 2 field nodes, the schema uses 1"),
        ("extra buffer", TestArrow.int32Stream([StreamReaderTests.int32Batch([1], extraBuffer: true)]),
         "record batch 0: the record batch has 3 buffers, the schema uses 2"),
        ("body overrun", Array(TestArrow.int32Stream([StreamReaderTests.int32Batch([1, 2, 3])]).dropLast(12)),
         "message 1 at offset 136: the body of 16 bytes overruns the 12 bytes that remain"),
    ]

    @Test(arguments: framingErrors)
    func rejectsBadFraming(_ name: String, _ bytes: [UInt8], _ message: String) {
        #expect(throws: ArrowIPCError.self, "\(name)") { try Self.read(bytes) }
        do {
            _ = try Self.read(bytes)
        } catch {
            #expect(error.description == message, "\(name)")
            #expect(error.code == .invalidData, "\(name)")
        }
    }
}

extension StreamReaderTests {
    @Test func keepsFailingAfterADictionaryBatchFails() throws {
        // dict_delta.arrows with the delta's body cut short: its dictionary
        // fails, and the batch after it must not be decoded with the old one.
        var bytes = try TestData.bytes("dict_delta.arrows")
        let delta = try DictionaryTests.messageRanges(bytes)[3]
        bytes[delta.upperBound - 16] = 0xFF  // offsets of the delta's one string: [0, 0xFF]
        var reader = try StreamReader(bytes: ByteBuffer(copying: bytes))
        _ = try reader.next()
        var errors: [ArrowIPCError] = []
        for _ in 0..<2 {
            do { _ = try reader.next() } catch { errors.append(error) }
        }
        #expect(errors.count == 2)
        #expect(errors.first == errors.last)
        #expect(errors.first?.context.last == "dictionary batch 1 (id 0)")
    }
}
