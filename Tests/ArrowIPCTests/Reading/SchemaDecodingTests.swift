import Testing
@testable import ArrowIPC

/// Schema messages built by `TestFlatbufferWriter`: type defaults (notes
/// §3.1), unsupported types, and message-level rules.
@Suite struct SchemaDecodingTests {
    static func decode(_ message: [TestFB?]) throws(ArrowIPCError) -> MessageMetadata {
        try MessageMetadata(decoding: ByteBuffer(copying: TestFlatbufferWriter.build(message)))
    }

    static func type(tag: UInt8, _ table: [TestFB?], children: [[TestFB?]] = []) throws(ArrowIPCError) -> DataType {
        let message = TestArrow.message(header: 1, TestArrow.schema([
            TestArrow.field("f", typeTag: tag, type: table, children: children)]))
        guard case .schema(let schema) = try decode(message).header else { throw .invalid("not a schema") }
        return schema.schema.fields[0].type
    }

    static let item = TestArrow.field("item", typeTag: 2, type: TestArrow.int32Type)

    static let defaults: [(String, UInt8, [TestFB?], DataType)] = [
        ("Date without unit is date64", 8, [], .date64),
        ("Date DAY", 8, [.i16(0)], .date32),
        ("Time without fields is time32[ms]", 9, [], .time32(.millisecond)),
        ("Time us 64", 9, [.i16(2), .i32(64)], .time64(.microsecond)),
        ("Duration without unit is ms", 18, [], .duration(.millisecond)),
        ("Timestamp without fields is s, naive", 10, [], .timestamp(.second, timezone: nil)),
        ("Timestamp empty timezone is naive", 10, [.i16(3), .string("")], .timestamp(.nanosecond, timezone: nil)),
        ("Timestamp with zone", 10, [.i16(2), .string("+07:30")], .timestamp(.microsecond, timezone: "+07:30")),
        ("FloatingPoint without precision is half", 3, [], .float16),
        ("Int without is_signed is unsigned", 2, [.i32(16)], .uint16),
        ("Null", 1, [], .null),
        ("LargeBinary", 19, [], .largeBinary),
    ]

    @Test(arguments: defaults)
    func substitutesDeclaredDefaults(_ name: String, _ tag: UInt8, _ table: [TestFB?], _ expected: DataType) throws {
        #expect(try Self.type(tag: tag, table) == expected, "\(name)")
    }

    @Test func decodesNestedTypes() throws {
        #expect(try Self.type(tag: 12, [], children: [Self.item]) == .list(Field("item", .int32)))
        #expect(try Self.type(tag: 21, [], children: [Self.item]) == .largeList(Field("item", .int32)))
        #expect(try Self.type(tag: 16, [.i32(3)], children: [Self.item]) == .fixedSizeList(Field("item", .int32), listSize: 3))
        #expect(try Self.type(tag: 13, [], children: [Self.item, Self.item]) == .struct([Field("item", .int32), Field("item", .int32)]))
    }

    @Test func readsADictionaryEncodingWithoutIndexTypeAsInt32() throws {
        var field = TestArrow.field("d", typeTag: 5, type: [])
        field[4] = .table([.i64(7), nil, .u8(1)])
        guard case .schema(let schema) = try Self.decode(TestArrow.message(header: 1, TestArrow.schema([field]))).header else {
            Issue.record("not a schema")
            return
        }
        #expect(schema.fields[0].dictionaryID == 7)
        #expect(schema.schema.fields[0].type == .dictionary(DictionaryType(indexType: .int32, valueType: .utf8, isOrdered: true)))
    }

    static let rejected: [(UInt8, [TestFB?], [[TestFB?]], ArrowIPCError)] = [
        (14, [], [], ArrowIPCError(.unsupported, "the Union type is not supported", context: ["field 'f'"])),
        (7, [.i32(10), .i32(2)], [], ArrowIPCError(.unsupported, "the Decimal type is not supported", context: ["field 'f'"])),
        (17, [], [item], ArrowIPCError(.unsupported, "the Map type is not supported", context: ["field 'f'"])),
        (15, [.i32(4)], [], ArrowIPCError(.unsupported, "the FixedSizeBinary type is not supported", context: ["field 'f'"])),
        (22, [], [], ArrowIPCError(.unsupported, "the RunEndEncoded type is not supported", context: ["field 'f'"])),
        (24, [], [], ArrowIPCError(.unsupported, "the Utf8View type is not supported", context: ["field 'f'"])),
        (40, [], [], ArrowIPCError(.unsupported, "the type tag 40 is unknown", context: ["field 'f'"])),
        (2, [], [], ArrowIPCError(.invalidData, "Int.bitWidth is 0, not 8, 16, 32 or 64", context: ["field 'f'"])),
        (9, [.i16(2)], [], ArrowIPCError(.invalidData, "Time.bitWidth is 32, which does not fit the unit us", context: ["field 'f'"])),
        (8, [.i16(5)], [], ArrowIPCError(.invalidData, "Date.unit has the unknown value 5", context: ["field 'f'"])),
        (12, [], [], ArrowIPCError(.invalidData, "a List field takes 1 child field, found 0", context: ["field 'f'"])),
        (5, [], [item], ArrowIPCError(.invalidData, "a Utf8 field takes 0 child fields, found 1", context: ["field 'f'"])),
        (16, [.i32(-1)], [item], ArrowIPCError(.invalidData, "FixedSizeList.listSize is negative (-1)", context: ["field 'f'"])),
    ]

    @Test(arguments: rejected)
    func rejectsUnsupportedAndMalformedTypes(_ tag: UInt8, _ table: [TestFB?], _ children: [[TestFB?]], _ expected: ArrowIPCError) {
        #expect(throws: expected) { try Self.type(tag: tag, table, children: children) }
    }

    @Test func namesTheNestedFieldOfAnUnsupportedType() {
        let union = TestArrow.field("u", typeTag: 14, type: [])
        let message = TestArrow.message(header: 1, TestArrow.schema([
            TestArrow.field("outer", typeTag: 13, type: [], children: [union])]))
        #expect(throws: ArrowIPCError(.unsupported, "the Union type is not supported", context: ["field 'u'", "field 'outer'"])) {
            try Self.decode(message)
        }
    }

    static let messageErrors: [([TestFB?], ArrowIPCError)] = [
        (TestArrow.message(header: 1, TestArrow.schema([]), version: 2),
         ArrowIPCError(.unsupported, "Message.version is V3; only V4 and V5 metadata is supported")),
        ([nil, .u8(1), .table(TestArrow.schema([]))],
         ArrowIPCError(.unsupported, "Message.version is V1; only V4 and V5 metadata is supported")),
        (TestArrow.message(header: 1, TestArrow.schema([]), version: 9),
         ArrowIPCError(.unsupported, "Message.version is 9, newer than V5")),
        (TestArrow.message(header: 4, []), ArrowIPCError(.unsupported, "Tensor messages are not supported")),
        (TestArrow.message(header: 5, []), ArrowIPCError(.unsupported, "SparseTensor messages are not supported")),
        (TestArrow.message(header: 9, []), ArrowIPCError(.invalidData, "Message.header_type has the unknown value 9")),
        ([.i16(4)], ArrowIPCError(.invalidData, "Message.header is missing")),
        ([.i16(4), .u8(1)], ArrowIPCError(.invalidData, "Message.header has type tag 1 but no value")),
        (TestArrow.message(header: 1, TestArrow.schema([], endianness: 1)),
         ArrowIPCError(.unsupported, "the data is big-endian; only little-endian Arrow data is supported")),
        (TestArrow.message(header: 1, [nil]), ArrowIPCError(.invalidData, "Schema.fields is missing")),
        (TestArrow.message(header: 1, [nil, .tables([]), nil, .structs(TestFlatbufferWriter.le(Int64(3)), count: 1)]),
         ArrowIPCError(.unsupported, "the schema requires feature 3, which this reader does not know")),
        (TestArrow.message(header: 3, [.i64(1)]), ArrowIPCError(.invalidData, "RecordBatch.nodes is missing")),
        (TestArrow.message(header: 3, [.i64(-1)]), ArrowIPCError(.invalidData, "RecordBatch.length is negative (-1)")),
        (TestArrow.message(header: 3, TestArrow.recordBatch(length: 0, nodes: [], buffers: []), bodyLength: -8),
         ArrowIPCError(.invalidData, "Message.bodyLength is negative (-8)")),
        (TestArrow.message(header: 3, [.i64(0), TestArrow.pairs([]), TestArrow.pairs([]), .table([.i8(2)])]),
         ArrowIPCError(.unsupported, "BodyCompression.codec 2 is unknown")),
        (TestArrow.message(header: 2, [.i64(0)]), ArrowIPCError(.invalidData, "DictionaryBatch.data is missing")),
    ]

    @Test(arguments: messageErrors)
    func rejectsBadMessages(_ message: [TestFB?], _ expected: ArrowIPCError) {
        #expect(throws: expected) { try Self.decode(message) }
    }

    @Test func acceptsMetadataVersionV4() throws {
        let metadata = try Self.decode(TestArrow.message(header: 1, TestArrow.schema([]), version: 3))
        #expect(metadata.version == MetadataVersion.v4)
    }

    @Test func keepsMessageMetadata() throws {
        var message = TestArrow.message(header: 1, TestArrow.schema([]))
        message.append(.tables([[.string("k"), .string("v")], [.string("k"), .string("w")]]))
        #expect(try Self.decode(message).customMetadata == [KeyValue("k", "v"), KeyValue("k", "w")])
    }
}
