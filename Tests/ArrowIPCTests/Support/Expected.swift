@testable import ArrowIPC

/// What the reference files hold, from the testdata README and pyarrow.
enum Expected {
    /// The schema of the basic table (`basic_table()` in gen_reference.py).
    static let basicSchema = Schema([
        Field("i32", .int32),
        Field("f64", .float64),
        Field("s", .utf8),
        Field("b", .bool),
        Field("d", .date32),
        Field("ts", .timestamp(.microsecond, timezone: "UTC")),
        Field("cat", .dictionary(DictionaryType(indexType: .int32, valueType: .utf8))),
    ])

    /// The basic table's values, column by column.
    static let basicColumns: [[Value]] = [
        [.int(1), .null, .int(3)],
        [.double(1.5), .double(.nan), .null],
        [.string("a"), .null, .string("ccc")],
        [.bool(true), .bool(false), .null],
        [.int(19723), .null, .int(0)],
        [.int(1_704_110_400_000_500), .null, .int(0)],
        [.string("lo"), .string("hi"), .string("lo")],
    ]

    /// The files that hold the basic table.
    static let basicFiles = [
        "basic.arrow", "basic.arrows", "basic_lz4.arrow", "basic_zstd.arrow", "basic_legacy.arrows",
        "handmade.arrow", "handmade.arrows", "handmade_zstd.arrow",
    ]
}

extension ArrowTable {
    /// Every column's values across batches, column by column.
    var columnValues: [[Value]] {
        schema.fields.indices.map { i in batches.flatMap { $0.columns[i].values } }
    }
}
