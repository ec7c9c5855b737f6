/// The Schema, Field, KeyValue and DictionaryEncoding tables and the type
/// union (notes §3.4), written with every field pyarrow needs present (§3.2).
extension Schema {
    /// The `Schema` table. Dictionary ids are assigned 0, 1, 2, … to the
    /// dictionary-encoded fields in pre-order (a field before its children,
    /// a dictionary field before the dictionary fields inside its values),
    /// the order `DictionaryTracker` walks columns in.
    ///
    /// - Throws: `ArrowIPCError` naming the field whose type cannot be written.
    func flatbufferTable() throws(ArrowIPCError) -> FlatbufferBuilder.Table {
        var nextDictionaryID: Int64 = 0
        var fieldTables: [FlatbufferBuilder.Table] = []
        for (i, field) in fields.enumerated() {
            fieldTables.append(try inContext("field \(i) ('\(field.name)')") { () throws(ArrowIPCError) in
                try field.flatbufferTable(nextDictionaryID: &nextDictionaryID)
            })
        }
        var table = FlatbufferBuilder.Table()
        table.add(0, Int16(0))  // endianness: Little
        table.add(1, .tables(fieldTables))
        if !metadata.isEmpty { table.add(2, metadata.flatbufferVector) }
        return table
    }
}

extension Field {
    /// The `Field` table: name, nullable, type, dictionary, children and
    /// custom_metadata (slots 0, 1, 2+3, 4, 5, 6).
    func flatbufferTable(nextDictionaryID: inout Int64) throws(ArrowIPCError) -> FlatbufferBuilder.Table {
        var table = FlatbufferBuilder.Table()
        table.add(0, string: name)
        table.add(1, bool: isNullable)
        var storedType = type
        if case .dictionary(let dictionaryType) = type {
            // `type` describes the values; `dictionary` the encoding (notes §3.4).
            table.add(4, table: dictionaryType.encodingTable(id: nextDictionaryID))
            nextDictionaryID += 1
            storedType = dictionaryType.valueType
        }
        let (tag, typeTable) = try storedType.flatbufferType()
        table.add(2, tag)
        table.add(3, table: typeTable)
        var childTables: [FlatbufferBuilder.Table] = []
        for (i, child) in storedType.children.enumerated() {
            childTables.append(try inContext("child \(i) ('\(child.name)')") { () throws(ArrowIPCError) in
                try child.flatbufferTable(nextDictionaryID: &nextDictionaryID)
            })
        }
        table.add(5, .tables(childTables))  // written even when empty, as pyarrow does
        if !metadata.isEmpty { table.add(6, metadata.flatbufferVector) }
        return table
    }
}

extension Array where Element == KeyValue {
    /// A vector of `KeyValue` tables, in order, duplicates kept.
    var flatbufferVector: FlatbufferBuilder.Child {
        .tables(map { entry in
            var table = FlatbufferBuilder.Table()
            table.add(0, string: entry.key)
            table.add(1, string: entry.value)
            return table
        })
    }
}

extension DictionaryType {
    /// The `DictionaryEncoding` table. `indexType` is always written: pyarrow
    /// rejects its absence although the spec defaults it to int32.
    func encodingTable(id: Int64) -> FlatbufferBuilder.Table {
        var table = FlatbufferBuilder.Table()
        table.add(0, id)
        table.add(1, table: indexType.flatbufferTable)
        table.add(2, bool: isOrdered)
        table.add(3, Int16(0))  // dictionaryKind: DenseArray
        return table
    }
}

extension IntegerType {
    /// The `Int` table, both fields written.
    var flatbufferTable: FlatbufferBuilder.Table {
        var table = FlatbufferBuilder.Table()
        table.add(0, Int32(bitWidth))
        table.add(1, bool: isSigned)
        return table
    }
}

/// `Type` union tags (Schema.fbs).
private enum TypeTag: UInt8 {
    case null = 1, int = 2, floatingPoint = 3, binary = 4, utf8 = 5, bool = 6, date = 8, time = 9,
         timestamp = 10, list = 12, structType = 13, fixedSizeList = 16, duration = 18,
         largeBinary = 19, largeUtf8 = 20, largeList = 21
}

extension DataType {
    /// The `Type` union tag and member table. Units are always written:
    /// `Date`, `Time` and `Duration` default to MILLISECOND, so a date32 with
    /// no unit would read as date64 (notes §3.1).
    ///
    /// - Throws: `ArrowIPCError` (`.invalidArgument`) for a dictionary
    ///   inside a dictionary's value type, a time32 in us/ns or a time64 in s/ms.
    func flatbufferType() throws(ArrowIPCError) -> (tag: UInt8, table: FlatbufferBuilder.Table) {
        var table = FlatbufferBuilder.Table()
        let tag: TypeTag
        switch self {
        case .null: tag = .null
        case .bool: tag = .bool
        case .int(let integerType):
            tag = .int
            table = integerType.flatbufferTable
        case .float16, .float32, .float64:
            tag = .floatingPoint
            table.add(0, Int16(self == .float16 ? 0 : self == .float32 ? 1 : 2))  // HALF, SINGLE, DOUBLE
        case .utf8: tag = .utf8
        case .largeUtf8: tag = .largeUtf8
        case .binary: tag = .binary
        case .largeBinary: tag = .largeBinary
        case .date32, .date64:
            tag = .date
            table.add(0, Int16(self == .date32 ? 0 : 1))  // DAY, MILLISECOND
        case .time32(let unit), .time64(let unit):
            let bitWidth: Int32 = if case .time32 = self { 32 } else { 64 }
            guard (bitWidth == 32) == (unit == .second || unit == .millisecond) else {
                throw .invalidArgument("time\(bitWidth) cannot hold \(unit.symbol): time32 takes s or ms, time64 us or ns")
            }
            tag = .time
            table.add(0, unit.rawValue)
            table.add(1, bitWidth)
        case .timestamp(let unit, let timezone):
            tag = .timestamp
            table.add(0, unit.rawValue)
            if let timezone { table.add(1, string: timezone) }
        case .duration(let unit):
            tag = .duration
            table.add(0, unit.rawValue)
        case .list: tag = .list
        case .largeList: tag = .largeList
        case .fixedSizeList(_, let listSize):
            guard let size = Int32(exactly: listSize), size >= 0 else {
                throw .invalidArgument("fixed-size list size \(listSize) does not fit the format's i32")
            }
            tag = .fixedSizeList
            table.add(0, size)
        case .struct: tag = .structType
        case .dictionary:
            throw .invalidArgument("a dictionary's value type cannot itself be dictionary-encoded")
        }
        return (tag.rawValue, table)
    }
}
