@testable import ArrowIPC

/// Short constructors for test columns from Swift arrays (nil = null).
enum ColumnFactory {
    static func ints<T: FixedWidthInteger>(_ values: [T?], _ type: DataType) -> Column {
        let builder = FixedWidthBuilder<T>(type: type)
        for value in values { builder.append(value) }
        return builder.finish()
    }

    static func doubles(_ values: [Double?]) -> Column {
        let builder = FloatingPointBuilder<Double>()
        for value in values { builder.append(value) }
        return builder.finish()
    }

    static func floats(_ values: [Float?]) -> Column {
        let builder = FloatingPointBuilder<Float>()
        for value in values { builder.append(value) }
        return builder.finish()
    }

    /// float16 from raw IEEE half bit patterns (there is no builder for it).
    static func halves(_ bits: [UInt16?]) throws -> Column {
        var values = GrowableBuffer()
        var validity = GrowableBuffer()
        for (i, b) in bits.enumerated() {
            values.append(b ?? 0)
            validity.setBit(i, b != nil)
        }
        let nulls = bits.filter { $0 == nil }.count
        return try Column(type: .float16, length: bits.count, nullCount: nulls,
                          validity: validity.take(), buffers: [values.take()])
    }

    static func strings(_ values: [String?], _ type: DataType = .utf8) -> Column {
        let builder = VariableWidthBuilder(type: type)
        for value in values { builder.append(value) }
        return builder.finish()
    }

    static func binaries(_ values: [[UInt8]?], _ type: DataType = .binary) -> Column {
        let builder = VariableWidthBuilder(type: type)
        for value in values { builder.append(bytes: value) }
        return builder.finish()
    }

    static func bools(_ values: [Bool?]) -> Column {
        let builder = BoolBuilder()
        for value in values { builder.append(value) }
        return builder.finish()
    }

    /// A dictionary column with indices of type `T`.
    static func dictionary<T: FixedWidthInteger>(
        _ indices: [T?], _ indexType: DataType, values: Column, ordered: Bool = false
    ) throws -> Column {
        try Column.dictionary(indices: ints(indices, indexType), dictionary: values, isOrdered: ordered)
    }

    /// A list column from per-row item counts (nil = null row, no items).
    static func list(_ items: Column, counts: [Int?], large: Bool = false) throws -> Column {
        var offsets = [0]
        for count in counts { offsets.append(offsets.last! + (count ?? 0)) }
        let isValid = counts.contains { $0 == nil } ? counts.map { $0 != nil } : nil
        return try Column.list(items, offsets: offsets, isValid: isValid, large: large)
    }

    /// A fixed-size list column; `isValid` nil = no null rows.
    static func fixedSizeList(_ items: Column, size: Int, isValid: [Bool]? = nil) throws -> Column {
        try Column.fixedSizeList(items, listSize: size, isValid: isValid)
    }

    static func structOf(_ fields: [(String, Column)], rows: Int, isValid: [Bool]? = nil) throws -> Column {
        try Column.struct(fields.map { (name: $0.0, column: $0.1) }, rows: rows, isValid: isValid)
    }

    /// A batch whose fields take their types from the columns.
    static func batch(_ columns: [(String, Column)], metadata: [KeyValue] = []) throws -> RecordBatch {
        let schema = Schema(columns.map { Field($0.0, $0.1.type) }, metadata: metadata)
        return try RecordBatch(schema: schema, columns: columns.map(\.1))
    }
}
