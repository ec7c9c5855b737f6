/// Type names as pyarrow prints them (`int32`, `timestamp[us, tz=UTC]`,
/// `list<item: int32>`), so messages and `braid arrow head` read the same as
/// the tools users already know.
extension DataType: CustomStringConvertible {
    public var description: String {
        switch self {
        case .null: return "null"
        case .bool: return "bool"
        case .int(let t): return t.description
        case .float16: return "halffloat"
        case .float32: return "float"
        case .float64: return "double"
        case .utf8: return "string"
        case .largeUtf8: return "large_string"
        case .binary: return "binary"
        case .largeBinary: return "large_binary"
        case .date32: return "date32[day]"
        case .date64: return "date64[ms]"
        case .time32(let unit): return "time32[\(unit.symbol)]"
        case .time64(let unit): return "time64[\(unit.symbol)]"
        case .timestamp(let unit, let timezone):
            return timezone.map { "timestamp[\(unit.symbol), tz=\($0)]" } ?? "timestamp[\(unit.symbol)]"
        case .duration(let unit): return "duration[\(unit.symbol)]"
        case .list(let item): return "list<\(item.name): \(item.type)>"
        case .largeList(let item): return "large_list<\(item.name): \(item.type)>"
        case .fixedSizeList(let item, let size): return "fixed_size_list<\(item.name): \(item.type)>[\(size)]"
        case .struct(let fields): return "struct<" + fields.map { "\($0.name): \($0.type)" }.joined(separator: ", ") + ">"
        case .dictionary(let d):
            return "dictionary<values=\(d.valueType), indices=\(d.indexType), ordered=\(d.isOrdered ? 1 : 0)>"
        }
    }
}

extension IntegerType: CustomStringConvertible {
    public var description: String { "\(isSigned ? "" : "u")int\(bitWidth)" }
}
