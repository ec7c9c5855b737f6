/// One value of any type, for printing, tests and small conversions. Bulk
/// work should use the typed accessors on `Column` instead.
///
/// Floats compare by value except that NaN equals NaN, so two tables holding
/// the same NaNs compare equal.
public enum Value: Sendable, Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    /// Signed ints, and the integer storage of dates, times, timestamps and durations.
    case int(Int64)
    /// Unsigned ints.
    case uint(UInt64)
    case double(Double)
    case string(String)
    case binary([UInt8])
    /// The items of a list, large list or fixed-size list.
    case list([Value])
    /// The fields of a struct, in order.
    case `struct`([Value])

    public static func == (lhs: Value, rhs: Value) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case let (.bool(a), .bool(b)): a == b
        case let (.int(a), .int(b)): a == b
        case let (.uint(a), .uint(b)): a == b
        case let (.double(a), .double(b)): a == b || (a.isNaN && b.isNaN)
        case let (.string(a), .string(b)): a == b
        case let (.binary(a), .binary(b)): a == b
        case let (.list(a), .list(b)): a == b
        case let (.struct(a), .struct(b)): a == b
        default: false
        }
    }

    public var description: String {
        switch self {
        case .null: "null"
        case .bool(let b): String(b)
        case .int(let i): String(i)
        case .uint(let u): String(u)
        case .double(let d): String(d)
        case .string(let s): "\"\(s)\""
        case .binary(let bytes): "0x" + bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
        case .list(let items): "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .struct(let fields): "{" + fields.map(\.description).joined(separator: ", ") + "}"
        }
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}

extension Column {
    /// The value in slot `i`, whatever the column's type. A dictionary-encoded
    /// slot gives the dictionary's value, not the index.
    public func value(at i: Int) -> Value {
        guard isValid(i) else { return .null }
        switch type {
        case .null: return .null
        case .bool: return .bool(bool(at: i)!)
        case .int(let t) where !t.isSigned: return .uint(uint64(at: i)!)
        case .int, .date32, .date64, .time32, .time64, .timestamp, .duration: return .int(integer(at: i)!)
        case .float16, .float32, .float64: return .double(double(at: i)!)
        case .utf8, .largeUtf8: return .string(string(at: i)!)
        case .binary, .largeBinary: return .binary(binary(at: i)!.bytes)
        case .list, .largeList, .fixedSizeList:
            return .list(childRange(at: i)!.map { children[0].value(at: $0) })
        case .struct: return .struct(children.map { $0.value(at: i) })
        case .dictionary: return dictionary!.value(at: dictionaryIndex(at: i)!)
        }
    }

    /// All values, for tests and small columns.
    public var values: [Value] { (0..<length).map(value(at:)) }
}
