/// Builders append values one at a time (or in bulk) and `finish()` into a
/// `Column` without copying the data. Each builder is single-use.
///
/// ```swift
/// let prices = FixedWidthBuilder<Int64>(type: .timestamp(.microsecond, timezone: "UTC"))
/// prices.append(1_704_110_400_000_500)
/// prices.append(nil)
/// let column = prices.finish()
/// ```

/// Integers and the integer-backed types (dates, times, timestamps, durations).
public final class FixedWidthBuilder<T: FixedWidthInteger> {
    public let type: DataType
    private var values: GrowableBuffer
    private var validity = ValidityBuilder()

    /// - Parameter type: a type whose values are stored as `T` (e.g. `.int64`,
    ///   `.date32` with `Int32`, `.timestamp` with `Int64`).
    public init(type: DataType, capacity: Int = 0) {
        precondition(type.byteWidth == MemoryLayout<T>.size && type != .float32 && type != .float64 && type != .float16,
                     "\(type) is not stored as \(T.self)")
        self.type = type
        values = GrowableBuffer(capacity: capacity * MemoryLayout<T>.size)
    }

    public func append(_ value: T?) {
        validity.append(isValid: value != nil)
        values.append(value ?? 0)
    }

    /// Appends values with no nulls in one copy.
    public func append(contentsOf newValues: [T]) {
        newValues.withUnsafeBytes { values.append(contentsOf: $0) }
        validity.appendValid(newValues.count)
    }

    public func finish() -> Column {
        let n = validity.count
        return try! Column(type: type, length: n, nullCount: validity.nullCount,
                           validity: validity.take(), buffers: [values.take()])
    }
}

/// float32 (`Float`) and float64 (`Double`) values; NaN is kept as a value.
public final class FloatingPointBuilder<F: BinaryFloatingPoint & ArrowFloat> {
    private var values: GrowableBuffer
    private var validity = ValidityBuilder()

    public init(capacity: Int = 0) {
        values = GrowableBuffer(capacity: capacity * MemoryLayout<F>.size)
    }

    public func append(_ value: F?) {
        validity.append(isValid: value != nil)
        values.append((value ?? 0).bitPattern)
    }

    public func append(contentsOf newValues: [F]) {
        newValues.withUnsafeBytes { values.append(contentsOf: $0) }
        validity.appendValid(newValues.count)
    }

    public func finish() -> Column {
        let n = validity.count
        return try! Column(type: F.arrowType, length: n, nullCount: validity.nullCount,
                           validity: validity.take(), buffers: [values.take()])
    }
}

/// The Swift floating-point types Arrow stores, with their Arrow type.
public protocol ArrowFloat {
    associatedtype RawBits: FixedWidthInteger
    var bitPattern: RawBits { get }
    static var arrowType: DataType { get }
}

extension Double: ArrowFloat {
    public static var arrowType: DataType { .float64 }
}

extension Float: ArrowFloat {
    public static var arrowType: DataType { .float32 }
}

/// Bit-packed booleans.
public final class BoolBuilder {
    private var bits = GrowableBuffer()
    private var validity = ValidityBuilder()

    public init() {}

    public func append(_ value: Bool?) {
        bits.setBit(validity.count, value ?? false)
        validity.append(isValid: value != nil)
    }

    public func finish() -> Column {
        let n = validity.count
        if bits.count < Column.bitmapByteCount(n) { bits.appendZeros(Column.bitmapByteCount(n) - bits.count) }
        return try! Column(type: .bool, length: n, nullCount: validity.nullCount,
                           validity: validity.take(), buffers: [bits.take()])
    }
}

/// utf8, large_utf8, binary and large_binary values.
public final class VariableWidthBuilder {
    public let type: DataType
    private var offsets = GrowableBuffer()
    private var data = GrowableBuffer()
    private var validity = ValidityBuilder()
    private let isLarge: Bool

    /// - Parameter type: `.utf8`, `.largeUtf8`, `.binary` or `.largeBinary`.
    public init(type: DataType = .utf8, capacity: Int = 0) {
        precondition([.utf8, .largeUtf8, .binary, .largeBinary].contains(type), "\(type) is not variable-width")
        self.type = type
        isLarge = type == .largeUtf8 || type == .largeBinary
        offsets.reserve((capacity + 1) * (isLarge ? 8 : 4))
        appendOffset()
    }

    public func append(_ string: String?) {
        guard var string else { return appendNull() }
        string.withUTF8 { data.append(contentsOf: UnsafeRawBufferPointer($0)) }
        finishSlot()
    }

    public func append(bytes: [UInt8]?) {
        guard let bytes else { return appendNull() }
        bytes.withUnsafeBytes { data.append(contentsOf: $0) }
        finishSlot()
    }

    public func append(bytes: UnsafeRawBufferPointer) {
        data.append(contentsOf: bytes)
        finishSlot()
    }

    public func appendNull() {
        validity.append(isValid: false)
        appendOffset()
    }

    private func finishSlot() {
        validity.append(isValid: true)
        appendOffset()
    }

    private func appendOffset() {
        if isLarge {
            offsets.append(Int64(data.count))
        } else {
            precondition(data.count <= Int32.max, "more than 2 GiB of \(type) data: use the large type")
            offsets.append(Int32(data.count))
        }
    }

    public func finish() -> Column {
        let n = validity.count
        return try! Column(type: type, length: n, nullCount: validity.nullCount,
                           validity: validity.take(), buffers: [offsets.take(), data.take()])
    }
}
