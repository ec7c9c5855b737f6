@testable import ArrowIPC

/// A batch with one column per `DataType` case (and per unit, time zone,
/// index width and nesting the interop tests cover), every column with
/// nulls, extremes and awkward values. Deterministic: batch `index` of
/// `rows` rows always holds the same values.
enum AllTypesTable {
    static func batch(rows n: Int, index b: Int) throws -> RecordBatch {
        let g = (0..<n).map { b * 1000 + $0 }  // a global row number per row
        func nullEvery<T>(_ k: Int, _ phase: Int = 0, _ make: (Int) -> T) -> [T?] {
            g.map { ($0 + phase) % k == 0 ? nil : make($0) }
        }
        func extremes<T: FixedWidthInteger>(_: T.Type) -> [T?] {
            g.enumerated().map { r, x in
                r == 1 ? T.min : r == 2 ? T.max : x % 5 == 0 ? nil : T(truncatingIfNeeded: x &* 2_654_435_761)
            }
        }
        var columns: [(String, Column)] = [
            ("null", Column.nulls(n)),
            ("bool", ColumnFactory.bools(nullEvery(3) { $0 % 2 == 0 })),
            ("int8", ColumnFactory.ints(extremes(Int8.self), .int8)),
            ("int16", ColumnFactory.ints(extremes(Int16.self), .int16)),
            ("int32", ColumnFactory.ints(extremes(Int32.self), .int32)),
            ("int64", ColumnFactory.ints(extremes(Int64.self), .int64)),
            ("uint8", ColumnFactory.ints(extremes(UInt8.self), .uint8)),
            ("uint16", ColumnFactory.ints(extremes(UInt16.self), .uint16)),
            ("uint32", ColumnFactory.ints(extremes(UInt32.self), .uint32)),
            ("uint64", ColumnFactory.ints(extremes(UInt64.self), .uint64)),
            ("float16", try ColumnFactory.halves(nullEvery(4) { [0x3c00, 0x7e00, 0xfc00, 0x3555, 0x8001][$0 % 5] })),
            ("float32", ColumnFactory.floats(nullEvery(5, 1) { [Float($0) * 0.1, .nan, .infinity, -0.0, .leastNonzeroMagnitude][$0 % 5] })),
            ("float64", ColumnFactory.doubles(nullEvery(5, 2) { [Double($0) / 3, .nan, -.infinity, 1e300, -1e-300][$0 % 5] })),
            ("utf8", ColumnFactory.strings(nullEvery(4) { $0 % 7 == 0 ? "" : "s\($0)-é✓\"\\" })),
            ("large_utf8", ColumnFactory.strings(nullEvery(4, 1) { "ℓ\($0)" }, .largeUtf8)),
            ("binary", ColumnFactory.binaries(nullEvery(3) { [0, 255, UInt8($0 % 256)] })),
            ("large_binary", ColumnFactory.binaries(nullEvery(3, 1) { $0 % 2 == 0 ? [] : [UInt8($0 % 256)] }, .largeBinary)),
            ("date32", ColumnFactory.ints(nullEvery(6) { Int32($0 * 100 - 5000) }, .date32)),
            ("date64", ColumnFactory.ints(nullEvery(6, 1) { Int64($0 * 100 - 5000) * 86_400_000 }, .date64)),
            ("time32_s", ColumnFactory.ints(nullEvery(6) { Int32($0 * 997 % 86_400) }, .time32(.second))),
            ("time32_ms", ColumnFactory.ints(nullEvery(6, 2) { Int32($0 * 1_234_567 % 86_400_000) }, .time32(.millisecond))),
            ("time64_us", ColumnFactory.ints(nullEvery(6) { Int64($0) * 1_234_567_891 % 86_400_000_000 }, .time64(.microsecond))),
            ("time64_ns", ColumnFactory.ints(nullEvery(6, 3) { Int64($0) * 98_765_432_123 % 86_400_000_000_000 }, .time64(.nanosecond))),
        ]
        let zones: [String?] = [nil, "UTC", "Europe/Paris", "+07:30"]
        for unit in TimeUnit.allCases {
            for zone in [nil, zones[Int(unit.rawValue) % 3 + 1]] {
                let type = DataType.timestamp(unit, timezone: zone)
                columns.append(("ts_\(unit.symbol)\(zone == nil ? "" : "_tz")",
                                ColumnFactory.ints(nullEvery(7, Int(unit.rawValue)) { Int64($0) * 1_000_003 - 7 }, type)))
            }
            columns.append(("duration_\(unit.symbol)",
                            ColumnFactory.ints(nullEvery(7, 1) { Int64($0 - 3) * 9_999_991 }, .duration(unit))))
        }
        columns += try dictionaryColumns(g)
        columns += try nestedColumns(g)
        return try ColumnFactory.batch(columns)
    }

    /// Dictionary columns with each index width, ordered and not, whose
    /// dictionaries are equal in every batch (so each is sent once).
    private static func dictionaryColumns(_ g: [Int]) throws -> [(String, Column)] {
        let words = ColumnFactory.strings(["lo", "hi", "mid", nil, ""])
        let bigs = ColumnFactory.ints([Int64.min, 0, Int64.max], .int64)
        let large = ColumnFactory.strings(["α", "β"], .largeUtf8)
        return [
            ("dict_i8_ordered", try ColumnFactory.dictionary(g.map { $0 % 6 == 5 ? nil : Int8($0 % 5) }, .int8, values: words, ordered: true)),
            ("dict_i16", try ColumnFactory.dictionary(g.map { Int16($0 % 5) }, .int16, values: words)),
            ("dict_i32_ordered", try ColumnFactory.dictionary(g.map { $0 % 4 == 0 ? nil : Int32($0 % 3) }, .int32, values: bigs, ordered: true)),
            ("dict_i64", try ColumnFactory.dictionary(g.map { $0 % 3 == 0 ? nil : Int64($0 % 2) }, .int64, values: large)),
        ]
    }

    /// Lists, large lists, fixed-size lists and structs nested in each other,
    /// with dictionaries inside nested types.
    private static func nestedColumns(_ g: [Int]) throws -> [(String, Column)] {
        let n = g.count
        let counts = g.map { $0 % 4 == 3 ? nil : $0 % 3 }  // items per row, nil = null row
        let total = counts.reduce(0) { $0 + ($1 ?? 0) }
        let items = (0..<total).map { $0 }
        let listInt = try ColumnFactory.list(ColumnFactory.ints(items.map { $0 % 5 == 4 ? nil : Int32($0) }, .int32), counts: counts)
        let largeListUtf8 = try ColumnFactory.list(ColumnFactory.strings(items.map { "i\($0)" }), counts: counts, large: true)
        let fsl = try ColumnFactory.fixedSizeList(ColumnFactory.ints((0..<(2 * n)).map { $0 % 3 == 0 ? nil : Int16($0) }, .int16),
                                                  size: 2, isValid: g.map { $0 % 5 != 2 })
        let rowValid = g.map { $0 % 6 != 4 }
        let simpleStruct = try ColumnFactory.structOf([
            ("x", ColumnFactory.ints(g.map { $0 % 4 == 1 ? nil : Int32($0) }, .int32)),
            ("y", ColumnFactory.strings(g.map { "y\($0)" })),
        ], rows: n, isValid: rowValid)

        // list<struct<a: float64, b: list<int8>>>
        let innerCounts = items.map { $0 % 3 == 2 ? nil : $0 % 2 + 1 }
        let innerTotal = innerCounts.reduce(0) { $0 + ($1 ?? 0) }
        let structItems = try ColumnFactory.structOf([
            ("a", ColumnFactory.doubles(items.map { $0 % 4 == 0 ? nil : Double($0) * 1.5 })),
            ("b", try ColumnFactory.list(ColumnFactory.ints((0..<innerTotal).map { Int8(truncatingIfNeeded: $0) }, .int8), counts: innerCounts)),
        ], rows: total, isValid: items.map { $0 % 7 != 6 })
        let listOfStruct = try ColumnFactory.list(structItems, counts: counts)

        // struct<inner: struct<z: bool>, fl: fixed_size_list<large_utf8, 3>>
        let inner = try ColumnFactory.structOf([("z", ColumnFactory.bools(g.map { $0 % 3 == 0 ? nil : $0 % 2 == 1 }))],
                                               rows: n, isValid: g.map { $0 % 5 != 0 })
        let fl = try ColumnFactory.fixedSizeList(ColumnFactory.strings((0..<(3 * n)).map { $0 % 4 == 0 ? nil : "f\($0)" }, .largeUtf8), size: 3)
        let structOfNested = try ColumnFactory.structOf([("inner", inner), ("fl", fl)], rows: n, isValid: rowValid)

        // large_list<fixed_size_list<int64, 2>>
        let pairs = try ColumnFactory.fixedSizeList(ColumnFactory.ints((0..<(2 * total)).map { Int64($0) * -3 }, .int64), size: 2)
        let largeListOfFsl = try ColumnFactory.list(pairs, counts: counts, large: true)

        // fixed_size_list<struct<k: utf8>, 2>
        let fslOfStruct = try ColumnFactory.fixedSizeList(
            ColumnFactory.structOf([("k", ColumnFactory.strings((0..<(2 * n)).map { $0 % 3 == 1 ? nil : "k\($0)" }))], rows: 2 * n),
            size: 2, isValid: g.map { $0 % 4 != 0 })

        // Dictionaries inside nested types: struct<cat: dictionary<int8, utf8>>, list<dictionary<int16, utf8>>
        let colors = ColumnFactory.strings(["red", "green", "blue"])
        let structOfDict = try ColumnFactory.structOf([
            ("cat", try ColumnFactory.dictionary(g.map { $0 % 4 == 0 ? nil : Int8($0 % 3) }, .int8, values: colors)),
        ], rows: n, isValid: g.map { $0 % 5 != 1 })
        let listOfDict = try ColumnFactory.list(
            try ColumnFactory.dictionary(items.map { Int16($0 % 3) }, .int16, values: colors, ordered: true), counts: counts)

        return [
            ("list_int32", listInt), ("large_list_utf8", largeListUtf8), ("fixed_size_list_int16", fsl),
            ("struct", simpleStruct), ("list_struct", listOfStruct), ("struct_nested", structOfNested),
            ("large_list_fsl", largeListOfFsl), ("fsl_struct", fslOfStruct),
            ("struct_dict", structOfDict), ("list_dict", listOfDict),
        ]
    }

    /// Dictionary-encoded fields in the schema: 4 top-level, 2 nested.
    static let dictionaryFieldCount = 6
}
