/// The logical type of a column.
///
/// Dictionary encoding is a type here, as in pyarrow's `DictionaryType`: the
/// dictionary id that links a field to its dictionary batches is an IPC detail
/// that the reader resolves and the writer assigns.
public indirect enum DataType: Hashable, Sendable {
    case null
    case bool
    case int(IntegerType)
    case float16, float32, float64
    case utf8, largeUtf8
    case binary, largeBinary
    /// Days since 1970-01-01 in an Int32.
    case date32
    /// Milliseconds since 1970-01-01 in an Int64.
    case date64
    /// Seconds or milliseconds since midnight in an Int32.
    case time32(TimeUnit)
    /// Microseconds or nanoseconds since midnight in an Int64.
    case time64(TimeUnit)
    /// An Int64 count of `unit` since the Unix epoch; with a time zone the count
    /// is from the epoch in UTC, without one it is a wall-clock time.
    case timestamp(TimeUnit, timezone: String?)
    case duration(TimeUnit)
    case list(Field)
    case largeList(Field)
    case fixedSizeList(Field, listSize: Int)
    case `struct`([Field])
    case dictionary(DictionaryType)

    /// Shorthands for the integer types.
    public static let int8 = DataType.int(.int8), int16 = DataType.int(.int16)
    public static let int32 = DataType.int(.int32), int64 = DataType.int(.int64)
    public static let uint8 = DataType.int(.uint8), uint16 = DataType.int(.uint16)
    public static let uint32 = DataType.int(.uint32), uint64 = DataType.int(.uint64)

    /// The byte width of one value for fixed-width types, else nil
    /// (bool is bit-packed and has no byte width).
    public var byteWidth: Int? {
        switch self {
        case .int(let t): return t.bitWidth / 8
        case .float16: return 2
        case .float32, .date32, .time32: return 4
        case .float64, .date64, .time64, .timestamp, .duration: return 8
        default: return nil
        }
    }

    /// The child fields of nested types (empty for the others).
    public var children: [Field] {
        switch self {
        case .list(let f), .largeList(let f), .fixedSizeList(let f, _): return [f]
        case .struct(let fields): return fields
        default: return []
        }
    }
}

/// The width and signedness of an integer type.
public struct IntegerType: Hashable, Sendable {
    /// 8, 16, 32 or 64.
    public let bitWidth: Int
    public let isSigned: Bool

    public static let int8 = IntegerType(bitWidth: 8, isSigned: true)
    public static let int16 = IntegerType(bitWidth: 16, isSigned: true)
    public static let int32 = IntegerType(bitWidth: 32, isSigned: true)
    public static let int64 = IntegerType(bitWidth: 64, isSigned: true)
    public static let uint8 = IntegerType(bitWidth: 8, isSigned: false)
    public static let uint16 = IntegerType(bitWidth: 16, isSigned: false)
    public static let uint32 = IntegerType(bitWidth: 32, isSigned: false)
    public static let uint64 = IntegerType(bitWidth: 64, isSigned: false)

    /// Only the four Arrow widths are representable.
    public init?(validatingBitWidth bitWidth: Int, isSigned: Bool) {
        guard [8, 16, 32, 64].contains(bitWidth) else { return nil }
        self.init(bitWidth: bitWidth, isSigned: isSigned)
    }

    private init(bitWidth: Int, isSigned: Bool) {
        self.bitWidth = bitWidth
        self.isSigned = isSigned
    }
}

/// The unit of a time, timestamp or duration.
public enum TimeUnit: Int16, Hashable, Sendable, CaseIterable {
    case second = 0, millisecond = 1, microsecond = 2, nanosecond = 3

    /// The short name Arrow tools print: s, ms, us, ns.
    public var symbol: String {
        switch self {
        case .second: "s"
        case .millisecond: "ms"
        case .microsecond: "us"
        case .nanosecond: "ns"
        }
    }
}

/// A dictionary-encoded type: integer indices into a dictionary of values.
public struct DictionaryType: Hashable, Sendable {
    public var indexType: IntegerType
    public var valueType: DataType
    public var isOrdered: Bool

    public init(indexType: IntegerType = .int32, valueType: DataType, isOrdered: Bool = false) {
        self.indexType = indexType
        self.valueType = valueType
        self.isOrdered = isOrdered
    }
}
