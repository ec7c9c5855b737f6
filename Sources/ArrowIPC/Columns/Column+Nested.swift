/// Constructors for nested and dictionary-encoded columns from child columns
/// that were built first.
extension Column {
    /// A list (or large list) column: row i holds `values[offsets[i]..<offsets[i+1]]`.
    ///
    /// - Parameters:
    ///   - offsets: `rows + 1` non-decreasing offsets into `values`.
    ///   - isValid: per-row validity, nil when no row is null.
    /// - Throws: `ArrowIPCError` when the offsets do not fit `values`.
    public static func list(
        _ values: Column, offsets: [Int], isValid: [Bool]? = nil,
        itemName: String = "item", itemNullable: Bool = true, large: Bool = false
    ) throws(ArrowIPCError) -> Column {
        guard !offsets.isEmpty else { throw .invalidArgument("a list column needs at least one offset") }
        var buffer = GrowableBuffer()
        for offset in offsets {
            if large { buffer.append(Int64(offset)) } else { buffer.append(Int32(truncatingIfNeeded: offset)) }
        }
        let item = Field(itemName, values.type, isNullable: itemNullable)
        let (validity, nulls) = bitmap(isValid, rows: offsets.count - 1)
        return try Column(type: large ? .largeList(item) : .list(item), length: offsets.count - 1,
                          nullCount: nulls, validity: validity, buffers: [buffer.take()], children: [values])
    }

    /// A fixed-size list column: row i holds `values[i*listSize..<(i+1)*listSize]`.
    public static func fixedSizeList(
        _ values: Column, listSize: Int, isValid: [Bool]? = nil,
        itemName: String = "item", itemNullable: Bool = true
    ) throws(ArrowIPCError) -> Column {
        guard listSize > 0 else { throw .invalidArgument("list size must be positive, got \(listSize)") }
        let rows = values.length / listSize
        let (validity, nulls) = bitmap(isValid, rows: rows)
        return try Column(type: .fixedSizeList(Field(itemName, values.type, isNullable: itemNullable), listSize: listSize),
                          length: rows, nullCount: nulls, validity: validity, children: [values])
    }

    /// A struct column with one child per field; every child has `rows` values.
    public static func `struct`(
        _ fields: [(name: String, column: Column)], rows: Int, isValid: [Bool]? = nil
    ) throws(ArrowIPCError) -> Column {
        let (validity, nulls) = bitmap(isValid, rows: rows)
        return try Column(type: .struct(fields.map { Field($0.name, $0.column.type) }),
                          length: rows, nullCount: nulls, validity: validity, children: fields.map(\.column))
    }

    /// A dictionary-encoded column from integer indices (nulls in `indices`
    /// are null rows) and the dictionary's values.
    public static func dictionary(
        indices: Column, dictionary: Column, isOrdered: Bool = false
    ) throws(ArrowIPCError) -> Column {
        guard case .int(let indexType) = indices.type else {
            throw .invalidArgument("dictionary indices must be integers, got \(indices.type)")
        }
        let type = DictionaryType(indexType: indexType, valueType: dictionary.type, isOrdered: isOrdered)
        return try Column(type: .dictionary(type), length: indices.length, nullCount: indices.nullCount,
                          validity: indices.validity, buffers: indices.buffers, dictionary: dictionary)
    }

    /// A column of `rows` nulls of the null type.
    public static func nulls(_ rows: Int) -> Column {
        try! Column(type: .null, length: rows, nullCount: rows)
    }

    private static func bitmap(_ isValid: [Bool]?, rows: Int) -> (ByteBuffer?, Int) {
        guard let isValid else { return (nil, 0) }
        precondition(isValid.count == rows, "\(isValid.count) validity flags for \(rows) rows")
        var validity = ValidityBuilder()
        for flag in isValid { validity.append(isValid: flag) }
        let nulls = validity.nullCount
        return (validity.take(), nulls)
    }
}
