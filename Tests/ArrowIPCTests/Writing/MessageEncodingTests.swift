import Testing
@testable import ArrowIPC

/// The Schema, Message and Footer tables, read back with `FlatbufferProbe`:
/// the fields pyarrow requires (notes §3.2) are present and the non-zero
/// defaults are written explicitly (§3.1).
@Suite struct MessageEncodingTests {
    /// Message → Schema → fields.
    private func fields(of schema: Schema) throws -> [FlatbufferProbe.Table] {
        let message = FlatbufferProbe(bytes: try MessageEncoding.schema(schema)).root
        #expect(message.i16(0) == 4)  // MetadataVersion V5
        #expect(message.u8(1) == 1)  // header: Schema
        return message.table(2)!.tables(1)!
    }

    @Test func everyMessageCarriesVersionFiveAndBodyLength() throws {
        let batch = EncodedBatch(length: 3, nodes: [.init(length: 3, nullCount: 1)],
                                 buffers: [.init(offset: 0, length: 1), .init(offset: 8, length: 12)], bodyLength: 24)
        for (bytes, header) in [(MessageEncoding.recordBatch(batch), 3), (MessageEncoding.dictionaryBatch(id: 7, batch, isDelta: true), 2)] {
            let message = FlatbufferProbe(bytes: bytes).root
            #expect(message.i16(0) == 4 && message.u8(1) == UInt8(header))
            #expect(message.i64(3) == 24 && message.field(3)! % 8 == 0)
            #expect(bytes.count % 8 == 0)
        }
        let dictionary = FlatbufferProbe(bytes: MessageEncoding.dictionaryBatch(id: 7, batch, isDelta: true)).root.table(2)!
        #expect(dictionary.i64(0) == 7 && dictionary.u8(2) == 1)
        let recordBatch = dictionary.table(1)!
        #expect(recordBatch.i64(0) == 3)
        let nodes = recordBatch.vector(1)!, buffers = recordBatch.vector(2)!
        #expect(nodes.count == 1 && nodes.start % 8 == 0 && buffers.count == 2 && buffers.start % 8 == 0)
        let probe = FlatbufferProbe(bytes: MessageEncoding.recordBatch(batch))
        let rb = probe.root.table(2)!
        let b = rb.vector(2)!
        #expect([probe.i64(at: b.start), probe.i64(at: b.start + 8), probe.i64(at: b.start + 16), probe.i64(at: b.start + 24)] == [0, 1, 8, 12])
        #expect(rb.field(3) == nil)  // uncompressed: no BodyCompression
    }

    @Test func compressionTableNamesTheCodec() {
        for (codec, value) in [(BodyCompressionCodec.lz4Frame, 0), (.zstd(level: 3), 1)] {
            let batch = EncodedBatch(length: 0, codec: codec)
            let compression = FlatbufferProbe(bytes: MessageEncoding.recordBatch(batch)).root.table(2)!.table(3)!
            #expect(compression.u8(0) == UInt8(value) && compression.u8(1) == 0)
        }
    }

    @Test func datesTimesAndDurationsWriteTheirUnits() throws {
        let types: [DataType] = [.date32, .date64, .time32(.second), .time64(.nanosecond),
                                 .duration(.second), .timestamp(.nanosecond, timezone: "Europe/Paris"), .timestamp(.second, timezone: nil)]
        let tables = try fields(of: Schema(types.enumerated().map { Field("c\($0.offset)", $0.element) }))
        #expect(tables.map { $0.u8(2) } == [8, 8, 9, 9, 18, 10, 10])
        let units = tables.map { $0.table(3)!.i16(0) }
        #expect(units == [0, 1, 0, 3, 0, 3, 0])  // DAY written although it is not the default
        #expect(tables[2].table(3)!.i32(1) == 32 && tables[3].table(3)!.i32(1) == 64)
        #expect(tables[5].table(3)!.string(1) == "Europe/Paris" && tables[6].table(3)!.field(1) == nil)
    }

    @Test func everyFieldHasATypeTableAndAChildrenVector() throws {
        let tables = try fields(of: Schema([Field("n", .null), Field("s", .utf8, isNullable: false), Field("b", .bool)]))
        for table in tables {
            #expect(table.table(3) != nil)
            #expect(table.vector(5)?.count == 0)
        }
        #expect(tables.map { $0.u8(1) } == [1, 0, 1])
        #expect(tables.map { $0.string(0) } == ["n", "s", "b"])
    }

    @Test func dictionaryFieldsDescribeValuesAndEncoding() throws {
        let dictionary = DataType.dictionary(DictionaryType(indexType: .int8, valueType: .largeUtf8, isOrdered: true))
        let table = try fields(of: Schema([Field("cat", dictionary)]))[0]
        #expect(table.u8(2) == 20)  // LargeUtf8: the value type
        let encoding = table.table(4)!
        #expect(encoding.i64(0) == 0 && encoding.u8(2) == 1)
        let indexType = encoding.table(1)!
        #expect(indexType.i32(0) == 8 && indexType.u8(1) == 1)
    }

    @Test func dictionaryIdsFollowPreOrder() throws {
        let inner = DataType.dictionary(DictionaryType(valueType: .utf8))
        let outer = DataType.dictionary(DictionaryType(valueType: .struct([Field("d", inner)])))
        let schema = Schema([Field("a", outer), Field("l", .list(Field("item", inner))), Field("b", inner)])
        let tables = try fields(of: schema)
        let outerID = tables[0].table(4)!.i64(0)
        let nestedID = tables[0].tables(5)![0].table(4)!.i64(0)
        let listID = tables[1].tables(5)![0].table(4)!.i64(0)
        #expect([outerID, nestedID, listID, tables[2].table(4)!.i64(0)] == [0, 1, 2, 3])
    }

    @Test func metadataKeepsOrderAndDuplicates() throws {
        let metadata = [KeyValue("b", "2"), KeyValue("a", "1"), KeyValue("b", "3"), KeyValue("", "")]
        let schema = Schema([Field("x", .int8, metadata: metadata)], metadata: metadata)
        let header = FlatbufferProbe(bytes: try MessageEncoding.schema(schema)).root.table(2)!
        for tables in [header.tables(2)!, header.tables(1)![0].tables(6)!] {
            #expect(tables.map { KeyValue($0.string(0)!, $0.string(1)!) } == metadata)
        }
    }

    @Test(arguments: [
        (DataType.time32(.microsecond), "field 0 ('t'): time32 cannot hold us: time32 takes s or ms, time64 us or ns"),
        (.time64(.second), "field 0 ('t'): time64 cannot hold s: time32 takes s or ms, time64 us or ns"),
        (.list(Field("item", .time32(.nanosecond))),
         "field 0 ('t'), child 0 ('item'): time32 cannot hold ns: time32 takes s or ms, time64 us or ns"),
        (.dictionary(DictionaryType(valueType: .dictionary(DictionaryType(valueType: .utf8)))),
         "field 0 ('t'): a dictionary's value type cannot itself be dictionary-encoded"),
    ])
    func rejectsTypesTheFormatCannotHold(type: DataType, message: String) {
        #expect {
            try MessageEncoding.schema(Schema([Field("t", type)]))
        } throws: { error in
            (error as? ArrowIPCError)?.code == .invalidArgument && "\(error)" == message
        }
    }

    @Test func footerListsBlocksAsTwentyFourByteStructs() throws {
        let blocks = [FooterEncoding.Block(offset: 8, metadataLength: 200, bodyLength: 64),
                      FooterEncoding.Block(offset: 272, metadataLength: 136, bodyLength: 0)]
        let bytes = try FooterEncoding.footer(schema: Schema([Field("x", .int8)]), dictionaries: [blocks[0]],
                                              recordBatches: blocks, metadata: [KeyValue("k", "v")])
        let probe = FlatbufferProbe(bytes: bytes)
        let footer = probe.root
        #expect(footer.i16(0) == 4)
        #expect(footer.table(1)!.tables(1)!.count == 1)
        let batches = footer.vector(3)!
        #expect(batches.count == 2 && batches.start % 8 == 0)
        let second = batches.start + 24
        #expect(probe.i64(at: second) == 272 && probe.u32(at: second + 8) == 136)
        #expect(probe.u32(at: second + 12) == 0 && probe.i64(at: second + 16) == 0)
        #expect(footer.vector(2)!.count == 1)
        #expect(footer.tables(4)!.map { $0.string(0) } == ["k"])
    }
}
