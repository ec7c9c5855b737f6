/// Typed reads of single values. Each returns nil for a null slot and traps,
/// like an array subscript, when `i` is outside `0..<length` or the column's
/// type has no such reading (a programming error, not a data error).
extension Column {
    /// The integer in slot `i` of an int, date, time, timestamp or duration
    /// column (their storage is an integer). A uint64 above `Int64.max` wraps:
    /// use `uint64(at:)` for those.
    public func integer(at i: Int) -> Int64? {
        guard isValid(i) else { return nil }
        return Column.loadInteger(buffers[0], at: i, type: integerStorage)
    }

    /// The value in slot `i` of a uint64 (or any unsigned) column, exactly.
    public func uint64(at i: Int) -> UInt64? {
        guard isValid(i) else { return nil }
        if case .int(let t) = type, t == .uint64 { return buffers[0].loadUnchecked(UInt64.self, at: i * 8) }
        return UInt64(bitPattern: Column.loadInteger(buffers[0], at: i, type: integerStorage))
    }

    /// The value in slot `i` of a float16, float32 or float64 column. NaN is a
    /// value, distinct from null.
    public func double(at i: Int) -> Double? {
        guard isValid(i) else { return nil }
        switch type {
        case .float64: return Double(bitPattern: buffers[0].loadUnchecked(UInt64.self, at: i * 8))
        case .float32: return Double(Float(bitPattern: buffers[0].loadUnchecked(UInt32.self, at: i * 4)))
        case .float16: return Column.halfToDouble(buffers[0].loadUnchecked(UInt16.self, at: i * 2))
        default: preconditionFailure("double(at:) on a \(type) column")
        }
    }

    /// The value in slot `i` of a bool column.
    public func bool(at i: Int) -> Bool? {
        guard isValid(i) else { return nil }
        precondition(type == .bool, "bool(at:) on a \(type) column")
        return buffers[0].loadUnchecked(UInt8.self, at: i >> 3) & (1 << UInt8(i & 7)) != 0
    }

    /// The string in slot `i` of a utf8 or large_utf8 column, or of a
    /// dictionary column whose values are strings. Invalid UTF-8 is repaired
    /// with U+FFFD (`validate()` reports it instead).
    public func string(at i: Int) -> String? {
        guard isValid(i) else { return nil }
        if case .dictionary = type { return dictionary!.string(at: dictionaryIndex(at: i)!) }
        let range = dataRange(at: i)
        return buffers[1].withUnsafeBytes { String(decoding: $0[range], as: UTF8.self) }
    }

    /// The bytes in slot `i` of a binary, large_binary, utf8 or large_utf8 column
    /// (a view into the column's memory, no copy).
    public func binary(at i: Int) -> ByteBuffer? {
        guard isValid(i) else { return nil }
        let range = dataRange(at: i)
        return try! buffers[1].slice(offset: range.lowerBound, count: range.count)
    }

    /// The rows of the child column that slot `i` of a list, large list or
    /// fixed-size list covers.
    public func childRange(at i: Int) -> Range<Int>? {
        guard isValid(i) else { return nil }
        switch type {
        case .list: return clampedRange(at: i, width: 4, limit: children[0].length)
        case .largeList: return clampedRange(at: i, width: 8, limit: children[0].length)
        case .fixedSizeList(_, let size): return (i * size)..<((i + 1) * size)
        default: preconditionFailure("childRange(at:) on a \(type) column")
        }
    }

    /// The dictionary index in slot `i` of a dictionary-encoded column (checked
    /// to be inside the dictionary when the column was made).
    public func dictionaryIndex(at i: Int) -> Int? {
        guard isValid(i) else { return nil }
        guard case .dictionary(let d) = type else { preconditionFailure("dictionaryIndex(at:) on a \(type) column") }
        return Int(Column.loadInteger(buffers[0], at: i, type: d.indexType))
    }

    // MARK: - Helpers

    /// The byte range of slot `i` in the data buffer of a variable-width column.
    @inline(__always)
    func dataRange(at i: Int) -> Range<Int> {
        switch type {
        case .utf8, .binary: return clampedRange(at: i, width: 4, limit: buffers[1].count)
        case .largeUtf8, .largeBinary: return clampedRange(at: i, width: 8, limit: buffers[1].count)
        default: preconditionFailure("\(type) has no variable-width data")
        }
    }

    /// How the values buffer stores integers for the integer-backed types.
    var integerStorage: IntegerType {
        switch type {
        case .int(let t): return t
        case .date32, .time32: return .int32
        case .date64, .time64, .timestamp, .duration: return .int64
        default: preconditionFailure("\(type) is not stored as integers")
        }
    }

    /// IEEE 754 half precision to double, by hand: `Float16` is not available
    /// on every platform Swift runs on.
    static func halfToDouble(_ bits: UInt16) -> Double {
        let sign: Double = bits & 0x8000 != 0 ? -1 : 1
        let exponent = Int((bits >> 10) & 0x1f)
        let fraction = Double(bits & 0x3ff)
        switch exponent {
        case 0: return sign * fraction * 0x1p-24
        case 0x1f: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Double(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }
}
