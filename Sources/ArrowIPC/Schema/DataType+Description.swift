/// Type names as pyarrow prints them (`DataType.ToString()` in Arrow C++), so
/// errors and listings read the way users of pyarrow know them: `int32`,
/// `string`, `timestamp[us, tz=UTC]`, `list<item: int32>`.
extension DataType: CustomStringConvertible {
    public var description: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .int(let t): t.description
        case .float16: "halffloat"
        case .float32: "float"
        case .float64: "double"
        case .utf8: "string"
        case .largeUtf8: "large_string"
        case .binary: "binary"
        case .largeBinary: "large_binary"
        case .date32: "date32[day]"
        case .date64: "date64[ms]"
        case .time32(let unit): "time32[\(unit.symbol)]"
        case .time64(let unit): "time64[\(unit.symbol)]"
        case .timestamp(let unit, let timezone?): "timestamp[\(unit.symbol), tz=\(timezone)]"
        case .timestamp(let unit, nil): "timestamp[\(unit.symbol)]"
        case .duration(let unit): "duration[\(unit.symbol)]"
        case .list(let item): "list<\(item.name): \(item.type)>"
        case .largeList(let item): "large_list<\(item.name): \(item.type)>"
        case .fixedSizeList(let item, let size): "fixed_size_list<\(item.name): \(item.type)>[\(size)]"
        case .struct(let fields): "struct<" + fields.map { "\($0.name): \($0.type)" }.joined(separator: ", ") + ">"
        case .dictionary(let d): "dictionary<values=\(d.valueType), indices=\(d.indexType), ordered=\(d.isOrdered ? 1 : 0)>"
        }
    }
}

extension IntegerType: CustomStringConvertible {
    /// `int8` … `uint64`.
    public var description: String { "\(isSigned ? "" : "u")int\(bitWidth)" }
}
