/// One column of data in Arrow's memory layout: a validity bitmap, the
/// type's buffers, child columns for nested types, and the dictionary for a
/// dictionary-encoded type.
///
/// `buffers` excludes the validity bitmap and holds, by type:
///
/// | type | buffers | children |
/// | --- | --- | --- |
/// | null, struct, fixed-size list | none | struct fields / the values |
/// | bool | bit-packed values | – |
/// | ints, floats, dates, times, timestamps, durations | values | – |
/// | utf8, binary (large: i64 offsets) | i32 offsets (length + 1), data | – |
/// | list (large: i64 offsets) | i32 offsets (length + 1) | the values |
/// | dictionary | indices | – (the values are `dictionary`) |
///
/// Every `Column` has passed `init`'s structural checks: each buffer is long
/// enough for `length` values, the first and last offsets lie inside the data,
/// children are long enough and dictionary indices are in range. Offsets in
/// between are clamped when read, so no input can make an accessor read
/// outside a buffer. `validate()` adds the checks that need a pass over the
/// data (non-decreasing offsets, valid UTF-8, exact null counts).
public struct Column: Sendable {
    public let type: DataType
    public let length: Int
    public let nullCount: Int
    /// The validity bitmap (bit set = value present), or nil when no value is null.
    public let validity: ByteBuffer?
    public let buffers: [ByteBuffer]
    public let children: [Column]
    /// The values a dictionary-encoded column's indices point into.
    public var dictionary: Column? { dictionaryStorage.first }
    // An array, because a struct cannot hold an optional of itself inline.
    private let dictionaryStorage: [Column]

    /// Makes a column from its parts after checking that they fit together.
    ///
    /// A validity buffer is dropped when `nullCount` is 0 (Arrow readers must
    /// ignore it then), and an empty one is accepted in that case.
    /// - Throws: `ArrowIPCError` (`.invalidData`) naming the part that does not fit.
    public init(
        type: DataType, length: Int, nullCount: Int, validity: ByteBuffer? = nil,
        buffers: [ByteBuffer] = [], children: [Column] = [], dictionary: Column? = nil
    ) throws(ArrowIPCError) {
        guard length >= 0 else { throw .invalid("negative length \(length)") }
        if case .null = type {
            // The null type has no buffers; every slot is null whatever the node says.
            self.type = type
            self.length = length
            self.nullCount = length
            self.validity = nil
            self.buffers = []
            self.children = []
            self.dictionaryStorage = []
            return
        }
        guard nullCount >= 0, nullCount <= length else {
            throw .invalid("null count \(nullCount) is outside 0...\(length)")
        }
        if nullCount > 0 {
            guard let validity else { throw .invalid("\(nullCount) nulls but no validity bitmap") }
            guard validity.count >= Column.bitmapByteCount(length) else {
                throw .invalid("validity bitmap has \(validity.count) bytes, \(Column.bitmapByteCount(length)) needed for \(length) values")
            }
        }
        self.type = type
        self.length = length
        self.nullCount = nullCount
        self.validity = nullCount > 0 ? validity : nil
        self.buffers = buffers
        self.children = children
        self.dictionaryStorage = dictionary.map { [$0] } ?? []
        try checkLayout()
    }

    /// Bytes needed for a bitmap of `bits` bits.
    @inline(__always)
    public static func bitmapByteCount(_ bits: Int) -> Int { bits / 8 + (bits % 8 == 0 ? 0 : 1) }

    /// `count × width + extra` bytes, or `Int.max` when that overflows (so a
    /// corrupt length near `Int64.max` fails the size check instead of trapping).
    @inline(__always)
    static func byteCount(_ count: Int, width: Int, plus extra: Int = 0) -> Int {
        let (product, overflow) = count.multipliedReportingOverflow(by: width)
        let (total, overflow2) = product.addingReportingOverflow(extra)
        return overflow || overflow2 ? Int.max : total
    }

    // MARK: - Structural checks

    private func checkLayout() throws(ArrowIPCError) {
        switch type {
        case .null:
            return
        case .bool:
            try expectBuffers(1)
            try expectBytes(buffers[0], Column.bitmapByteCount(length), "values")
        case .int, .float16, .float32, .float64, .date32, .date64, .time32, .time64, .timestamp, .duration:
            try expectBuffers(1)
            try expectBytes(buffers[0], Column.byteCount(length, width: type.byteWidth!), "values")
        case .utf8, .binary:
            try expectBuffers(2)
            try checkOffsets(width: 4, targetCount: buffers[1].count, target: "data buffer")
        case .largeUtf8, .largeBinary:
            try expectBuffers(2)
            try checkOffsets(width: 8, targetCount: buffers[1].count, target: "data buffer")
        case .list(let field), .largeList(let field):
            try expectBuffers(1)
            try expectChildren([field])
            let width = if case .list = type { 4 } else { 8 }
            try checkOffsets(width: width, targetCount: children[0].length, target: "child column")
        case .fixedSizeList(let field, let listSize):
            try expectBuffers(0)
            try expectChildren([field])
            guard listSize >= 0 else { throw .invalid("negative list size \(listSize)") }
            let (needed, overflow) = length.multipliedReportingOverflow(by: listSize)
            guard !overflow, children[0].length >= needed else {
                throw .invalid("fixed-size list of \(length) × \(listSize) has a child of only \(children[0].length) values")
            }
        case .struct(let fields):
            try expectBuffers(0)
            try expectChildren(fields)
            for (i, child) in children.enumerated() where child.length < length {
                throw .invalid("struct field \(i) ('\(fields[i].name)') has \(child.length) values, \(length) needed")
            }
        case .dictionary(let dictionaryType):
            try expectBuffers(1)
            try expectBytes(buffers[0], Column.byteCount(length, width: dictionaryType.indexType.bitWidth / 8), "indices")
            guard let dictionary else { throw .invalid("dictionary-encoded column without a dictionary") }
            guard dictionary.type == dictionaryType.valueType else {
                throw .invalid("dictionary holds \(dictionary.type) values, the field declares \(dictionaryType.valueType)")
            }
            try checkDictionaryIndices(dictionaryType.indexType, dictionaryLength: dictionary.length)
        }
    }

    private func expectBuffers(_ n: Int) throws(ArrowIPCError) {
        guard buffers.count == n else {
            throw .invalid("\(type) needs \(n) buffers besides validity, got \(buffers.count)")
        }
    }

    private func expectBytes(_ buffer: ByteBuffer, _ needed: Int, _ what: String) throws(ArrowIPCError) {
        guard buffer.count >= needed else {
            throw .invalid("\(what) buffer has \(buffer.count) bytes, \(needed) needed for \(length) values of \(type)")
        }
    }

    private func expectChildren(_ fields: [Field]) throws(ArrowIPCError) {
        guard children.count == fields.count else {
            throw .invalid("\(type) needs \(fields.count) child columns, got \(children.count)")
        }
        for (field, child) in zip(fields, children) where field.type != child.type {
            throw .invalid("child '\(field.name)' is declared \(field.type) but holds \(child.type)")
        }
    }

    /// Checks the size of an offsets buffer and that its first and last
    /// entries lie in `0...targetCount`. A zero-length column may have an empty
    /// offsets buffer (some writers omit the single 0).
    private func checkOffsets(width: Int, targetCount: Int, target: String) throws(ArrowIPCError) {
        let offsets = buffers[0]
        if length == 0 && offsets.count < width { return }
        try expectBytes(offsets, Column.byteCount(length, width: width, plus: width), "offsets")
        let first = offset(at: 0, width: width)
        let last = offset(at: length, width: width)
        guard first >= 0, first <= last, last <= targetCount else {
            throw .invalid("offsets run from \(first) to \(last), outside the \(targetCount) entries of the \(target)")
        }
    }

    private func checkDictionaryIndices(_ indexType: IntegerType, dictionaryLength: Int) throws(ArrowIPCError) {
        for i in 0..<length where isValid(i) {
            let index = Column.loadInteger(buffers[0], at: i, type: indexType)
            guard index >= 0, index < dictionaryLength else {
                throw .invalid("dictionary index \(index) at row \(i) is outside the dictionary of \(dictionaryLength) values")
            }
        }
    }

    // MARK: - Raw reads shared by the accessors

    /// Whether slot `i` holds a value. `i` must be in `0..<length`.
    @inline(__always)
    public func isValid(_ i: Int) -> Bool {
        precondition(i >= 0 && i < length, "row \(i) out of range 0..<\(length)")
        guard let validity else { return nullCount == 0 }
        return validity.loadUnchecked(UInt8.self, at: i >> 3) & (1 << UInt8(i & 7)) != 0
    }

    /// Whether slot `i` is null.
    @inline(__always)
    public func isNull(_ i: Int) -> Bool { !isValid(i) }

    /// Offset entry `i` of an offsets buffer of the given width.
    @inline(__always)
    func offset(at i: Int, width: Int) -> Int {
        width == 4
            ? Int(buffers[0].loadUnchecked(Int32.self, at: i * 4))
            : Int(truncatingIfNeeded: buffers[0].loadUnchecked(Int64.self, at: i * 8))
    }

    /// The range slot `i` covers in the data buffer or child column, clamped to
    /// `0...limit` so a corrupt middle offset cannot reach outside it.
    @inline(__always)
    func clampedRange(at i: Int, width: Int, limit: Int) -> Range<Int> {
        if buffers[0].count < (length + 1) * width { return 0..<0 }
        let start = min(max(offset(at: i, width: width), 0), limit)
        let end = min(max(offset(at: i + 1, width: width), start), limit)
        return start..<end
    }

    /// Integer `i` of a values buffer already checked to be long enough. A
    /// uint64 above `Int64.max` wraps; `uint64(at:)` reads those exactly.
    @inline(__always)
    static func loadInteger(_ buffer: ByteBuffer, at i: Int, type: IntegerType) -> Int64 {
        switch (type.bitWidth, type.isSigned) {
        case (8, true): Int64(buffer.loadUnchecked(Int8.self, at: i))
        case (8, false): Int64(buffer.loadUnchecked(UInt8.self, at: i))
        case (16, true): Int64(buffer.loadUnchecked(Int16.self, at: i * 2))
        case (16, false): Int64(buffer.loadUnchecked(UInt16.self, at: i * 2))
        case (32, true): Int64(buffer.loadUnchecked(Int32.self, at: i * 4))
        case (32, false): Int64(buffer.loadUnchecked(UInt32.self, at: i * 4))
        default: buffer.loadUnchecked(Int64.self, at: i * 8)
        }
    }
}
