import Testing
@testable import ArrowIPC

/// types.arrow (18 types, every column with a null) and the fixture
/// more_types.arrow (the other widths, units and time zones).
@Suite struct TypesFileTests {
    static let typesColumns: [(Field, [Value])] = [
        (Field("null", .null), [.null, .null, .null]),
        (Field("i8", .int8), [.int(-1), .null, .int(127)]),
        (Field("u16", .uint16), [.uint(1), .uint(2), .null]),
        (Field("i64", .int64), [.int(1_099_511_627_776), .null, .int(-5)]),
        (Field("u64", .uint64), [.uint(0), .uint(UInt64.max), .null]),
        (Field("f32", .float32), [.double(0.25), .null, .double(-1)]),
        (Field("bin", .binary), [.binary([0, 1]), .null, .binary([])]),
        (Field("lbin", .largeBinary), [.binary([0x78, 0x79]), .binary([]), .null]),
        (Field("lstr", .largeUtf8), [.string("été"), .null, .string("z")]),
        (Field("d64", .date64), [.int(1_704_067_200_000), .null, .int(0)]),
        (Field("t32", .time32(.millisecond)), [.int(3_723_000), .null, .int(0)]),
        (Field("t64", .time64(.microsecond)), [.int(86_399_999_999), .null, .int(0)]),
        (Field("tsn", .timestamp(.nanosecond, timezone: nil)), [.int(1), .null, .int(3)]),
        (Field("dur", .duration(.second)), [.int(60), .null, .int(-1)]),
        (Field("lst", .list(Field("item", .int32))), [.list([.int(1), .int(2)]), .null, .list([])]),
        (Field("llst", .largeList(Field("item", .utf8))), [.list([.string("a")]), .list([]), .null]),
        (Field("st", .struct([Field("x", .int32), Field("y", .utf8)])),
         [.struct([.int(1), .string("p")]), .null, .struct([.null, .string("q")])]),
        (Field("fsl", .fixedSizeList(Field("item", .int16), listSize: 2)),
         [.list([.int(1), .int(2)]), .null, .list([.int(5), .int(6)])]),
    ]

    @Test func readsAllEighteenTypes() throws {
        let table = try ArrowTable.read(path: TestData.path("types.arrow"))
        #expect(table.schema.fields.count == 18)
        #expect(table.schema == Schema(Self.typesColumns.map(\.0)))
        let values = table.columnValues
        for (i, (field, expected)) in Self.typesColumns.enumerated() {
            #expect(values[i] == expected, "column \(field.name)")
        }
        for batch in table.batches { try batch.validate() }
    }

    @Test func structChildKeepsItsOwnSlotUnderANullParent() throws {
        // Row 1 of st is null while st.y row 1 is a valid empty string (notes §4.2).
        let batch = try FileReader(path: TestData.path("types.arrow")).batch(at: 0)
        let st = try #require(batch.column(named: "st"))
        #expect(st.isNull(1))
        #expect(st.children[1].string(at: 1) == "")
    }

    @Test func readsMoreWidthsUnitsAndTimeZones() throws {
        let table = try ArrowTable.read(path: TestData.fixturePath("more_types.arrow"))
        let expected: [(Field, [Value])] = [
            (Field("f16", .float16), [.double(1.5), .double(-2), .double(0)]),
            (Field("f64", .float64), [.double(.infinity), .double(-0.0), .null]),
            (Field("u8", .uint8), [.uint(255), .null, .uint(0)]),
            (Field("i16", .int16), [.int(-32768), .int(32767), .null]),
            (Field("u32", .uint32), [.uint(4_294_967_295), .null, .uint(1)]),
            (Field("i32", .int32), [.null, .int(-7), .int(2_147_483_647)]),
            (Field("d32", .date32), [.int(11_016), .null, .int(-1)]),
            (Field("t32s", .time32(.second)), [.int(3600), .null, .int(86399)]),
            (Field("t64ns", .time64(.nanosecond)), [.int(1), .null, .int(86_399_999_999_999)]),
            (Field("tss", .timestamp(.second, timezone: "Europe/Paris")), [.int(0), .null, .int(-1)]),
            (Field("tsms", .timestamp(.millisecond, timezone: nil)), [.int(1_704_110_400_000), .null, .int(5)]),
            (Field("durms", .duration(.millisecond)), [.int(1500), .null, .int(-1)]),
            (Field("durus", .duration(.microsecond)), [.null, .int(2), .int(3)]),
            (Field("durns", .duration(.nanosecond)), [.int(7), .int(8), .null]),
            (Field("s", .utf8), [.string(""), .null, .string("日本")]),
            (Field("bools", .bool), [.bool(false), .bool(true), .bool(true)]),
        ]
        #expect(table.schema == Schema(expected.map(\.0)))
        #expect(table.columnValues == expected.map(\.1))
        for batch in table.batches { try batch.validate() }
    }
}
