/// Decoding of the `Type` union of a `Field` (tags and slots: notes §3.4).
extension DataType {
    /// The schema names of the `Type` union's members, indexed by tag.
    static let typeTagNames = [
        "NONE", "Null", "Int", "FloatingPoint", "Binary", "Utf8", "Bool", "Decimal", "Date", "Time",
        "Timestamp", "Interval", "List", "Struct_", "Union", "FixedSizeBinary", "FixedSizeList", "Map",
        "Duration", "LargeBinary", "LargeUtf8", "LargeList", "RunEndEncoded", "BinaryView", "Utf8View",
        "ListView", "LargeListView",
    ]

    /// The table name for a type tag, for errors.
    static func typeTableName(_ tag: UInt8) -> String {
        Int(tag) < typeTagNames.count ? typeTagNames[Int(tag)] : "type \(tag)"
    }

    /// Decodes the type table of union member `tag`.
    ///
    /// - Parameter children: the field's decoded child fields (list item,
    ///   struct fields), checked against what the type takes.
    /// - Throws: `.unsupported` naming the type for valid Arrow types this
    ///   library does not model (Decimal, Interval, Union, FixedSizeBinary, Map,
    ///   RunEndEncoded, the view types) and for unknown tags.
    init(decodingTag tag: UInt8, table: FlatbufferTable, children: [Field]) throws(ArrowIPCError) {
        switch tag {
        case 1: self = .null
        case 2: self = .int(try DataType.decodeInt(table))
        case 3: self = try DataType.decodeFloatingPoint(table)
        case 4: self = .binary
        case 5: self = .utf8
        case 6: self = .bool
        case 8: self = try DataType.decodeDate(table)
        case 9: self = try DataType.decodeTime(table)
        case 10:
            let unit = try DataType.decodeTimeUnit(table, slot: 0, default: 0)
            // An empty timezone means none, as in Arrow C++.
            let timezone = try table.string(1, "timezone").flatMap { $0.isEmpty ? nil : $0 }
            self = .timestamp(unit, timezone: timezone)
        case 12: self = .list(try DataType.onlyChild(children, of: "List"))
        case 13: self = .struct(children)
        case 16:
            let listSize = try table.scalar(0, "listSize", default: Int32(0))
            guard listSize >= 0 else { throw .invalid("FixedSizeList.listSize is negative (\(listSize))") }
            self = .fixedSizeList(try DataType.onlyChild(children, of: "FixedSizeList"), listSize: Int(listSize))
        case 18: self = .duration(try DataType.decodeTimeUnit(table, slot: 0, default: 1))
        case 19: self = .largeBinary
        case 20: self = .largeUtf8
        case 21: self = .largeList(try DataType.onlyChild(children, of: "LargeList"))
        case 0: throw .invalid("Field.type_type is NONE")
        default:
            if Int(tag) < DataType.typeTagNames.count {
                throw .unsupported("the \(DataType.typeTagNames[Int(tag)]) type is not supported")
            }
            throw .unsupported("the type tag \(tag) is unknown")
        }
        if children.count != self.children.count {
            throw .invalid("a \(DataType.typeTableName(tag)) field takes \(self.children.count) child fields, found \(children.count)")
        }
    }

    // MARK: - Type tables

    /// `Int`: 0 bitWidth (i32), 1 is_signed (bool, false).
    private static func decodeInt(_ table: FlatbufferTable) throws(ArrowIPCError) -> IntegerType {
        let bitWidth = try table.scalar(0, "bitWidth", default: Int32(0))
        let isSigned = try table.bool(1, "is_signed")
        guard let type = IntegerType(validatingBitWidth: Int(bitWidth), isSigned: isSigned) else {
            throw .invalid("Int.bitWidth is \(bitWidth), not 8, 16, 32 or 64")
        }
        return type
    }

    /// `FloatingPoint`: 0 precision (i16: HALF, SINGLE, DOUBLE; default HALF).
    private static func decodeFloatingPoint(_ table: FlatbufferTable) throws(ArrowIPCError) -> DataType {
        switch try table.scalar(0, "precision", default: Int16(0)) {
        case 0: return .float16
        case 1: return .float32
        case 2: return .float64
        case let other: throw .invalid("FloatingPoint.precision has the unknown value \(other)")
        }
    }

    /// `Date`: 0 unit (i16: DAY, MILLISECOND; default **MILLISECOND**, notes §3.1).
    private static func decodeDate(_ table: FlatbufferTable) throws(ArrowIPCError) -> DataType {
        switch try table.scalar(0, "unit", default: Int16(1)) {
        case 0: return .date32
        case 1: return .date64
        case let other: throw .invalid("Date.unit has the unknown value \(other)")
        }
    }

    /// `Time`: 0 unit (default MILLISECOND), 1 bitWidth (i32, default 32);
    /// seconds and milliseconds are 32-bit, micro- and nanoseconds 64-bit.
    private static func decodeTime(_ table: FlatbufferTable) throws(ArrowIPCError) -> DataType {
        let unit = try decodeTimeUnit(table, slot: 0, default: 1)
        let bitWidth = try table.scalar(1, "bitWidth", default: Int32(32))
        switch (unit, bitWidth) {
        case (.second, 32), (.millisecond, 32): return .time32(unit)
        case (.microsecond, 64), (.nanosecond, 64): return .time64(unit)
        default: throw .invalid("Time.bitWidth is \(bitWidth), which does not fit the unit \(unit.symbol)")
        }
    }

    private static func decodeTimeUnit(_ table: FlatbufferTable, slot: Int, default defaultValue: Int16) throws(ArrowIPCError) -> TimeUnit {
        let raw = try table.scalar(slot, "unit", default: defaultValue)
        guard let unit = TimeUnit(rawValue: raw) else {
            throw .invalid("\(table.typeName).unit has the unknown value \(raw)")
        }
        return unit
    }

    private static func onlyChild(_ children: [Field], of type: String) throws(ArrowIPCError) -> Field {
        guard children.count == 1 else {
            throw .invalid("a \(type) field takes 1 child field, found \(children.count)")
        }
        return children[0]
    }
}
