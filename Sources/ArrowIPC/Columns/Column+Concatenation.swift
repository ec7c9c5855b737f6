/// Joining two columns of one type end to end, for delta dictionary batches
/// (a delta appends its values to the dictionary it extends; notes §1).
extension Column {
    /// The rows of this column followed by the rows of `other`, in new memory.
    ///
    /// Nested value types are joined by appending whole child columns, which
    /// needs each side's children to hold exactly the rows its offsets use;
    /// IPC writers produce them that way, and anything else is refused.
    /// - Throws: `ArrowIPCError` when the types differ, the result would be
    ///   too long for 32-bit offsets, or nested children cannot be joined.
    func appending(_ other: Column) throws(ArrowIPCError) -> Column {
        guard type == other.type else {
            throw .invalid("cannot append \(other.type) values to a \(type) column")
        }
        let (length, overflow) = self.length.addingReportingOverflow(other.length)
        guard !overflow else { throw .invalid("the joined column would have more than Int.max rows") }
        if case .null = type { return try Column(type: .null, length: length, nullCount: length) }
        let nullCount = self.nullCount + other.nullCount
        let validity = nullCount == 0 ? nil : Column.joinedBits(self.validity, self.length, other.validity, other.length)
        var buffers: [ByteBuffer] = []
        var children: [Column] = []
        switch type {
        case .null:
            break
        case .bool:
            buffers = [Column.joinedBits(buffers0, self.length, other.buffers0, other.length)]
        case .int, .float16, .float32, .float64, .date32, .date64, .time32, .time64, .timestamp, .duration:
            buffers = [joinedValues(other, width: type.byteWidth ?? 0)]
        case .dictionary(let dictionaryType):
            buffers = [joinedValues(other, width: dictionaryType.indexType.bitWidth / 8)]
        case .utf8, .binary:
            buffers = try joinedVariableWidth(other, width: 4)
        case .largeUtf8, .largeBinary:
            buffers = try joinedVariableWidth(other, width: 8)
        case .list, .largeList:
            let width = if case .list = type { 4 } else { 8 }
            guard offsetOrZero(length: self.length, width: width) == children0Length,
                  other.offsetOrZero(at: 0, width: width) == 0 else {
                throw .unsupported("cannot append to a list dictionary whose offsets do not span its child values")
            }
            buffers = [try joinedOffsets(other, width: width, shift: children0Length)]
            children = [try self.children[0].appending(other.children[0])]
        case .fixedSizeList(_, let listSize):
            guard children0Length == self.length * listSize else {
                throw .unsupported("cannot append to a fixed-size list dictionary with spare child values")
            }
            children = [try self.children[0].appending(other.children[0])]
        case .struct:
            for (mine, theirs) in zip(self.children, other.children) {
                guard mine.length == self.length else {
                    throw .unsupported("cannot append to a struct dictionary with spare child values")
                }
                children.append(try mine.appending(theirs))
            }
        }
        // The newer dictionary of a nested dictionary extends the older one, so
        // indices from both sides are valid in it (Column.init checks).
        return try Column(type: type, length: length, nullCount: nullCount, validity: validity,
                          buffers: buffers, children: children, dictionary: other.dictionary)
    }

    // MARK: - Helpers

    private var buffers0: ByteBuffer? { buffers.first }
    private var children0Length: Int { children.first?.length ?? 0 }

    /// Offset `i`, or 0 for the empty offsets buffer a zero-length column may have.
    private func offsetOrZero(at i: Int, width: Int) -> Int {
        buffers[0].count >= (i + 1) * width ? offset(at: i, width: width) : 0
    }

    private func offsetOrZero(length: Int, width: Int) -> Int { offsetOrZero(at: length, width: width) }

    /// The first `length` values of each side's fixed-width buffer.
    private func joinedValues(_ other: Column, width: Int) -> ByteBuffer {
        var out = GrowableBuffer(capacity: (self.length + other.length) * width)
        for (column, count) in [(self, self.length * width), (other, other.length * width)] {
            column.buffers[0].withUnsafeBytes { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
        return out.take()
    }

    /// Offsets and data of two variable-width columns: each side's data from
    /// its first to its last offset, offsets rebased to match.
    private func joinedVariableWidth(_ other: Column, width: Int) throws(ArrowIPCError) -> [ByteBuffer] {
        var data = GrowableBuffer()
        var base = 0
        for column in [self, other] {
            let first = column.offsetOrZero(at: 0, width: width)
            let last = column.offsetOrZero(length: column.length, width: width)
            column.buffers[1].withUnsafeBytes { data.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0[first..<last])) }
            base += last - first
        }
        guard width == 8 || base <= Int(Int32.max) else {
            throw .invalid("the joined dictionary holds \(base) bytes, too many for 32-bit offsets")
        }
        let selfSpan = offsetOrZero(length: length, width: width) - offsetOrZero(at: 0, width: width)
        let offsets = try joinedOffsets(other, width: width, shift: selfSpan, rebaseSelf: true)
        return [offsets, data.take()]
    }

    /// `length + 1` offsets of this column (rebased to start at 0 when asked)
    /// followed by `other`'s last `other.length` offsets, moved so that
    /// `other`'s first offset lands on `shift`.
    private func joinedOffsets(_ other: Column, width: Int, shift: Int, rebaseSelf: Bool = false) throws(ArrowIPCError) -> ByteBuffer {
        var out = GrowableBuffer(capacity: (length + other.length + 1) * width)
        let selfFirst = rebaseSelf ? offsetOrZero(at: 0, width: width) : 0
        let otherFirst = other.offsetOrZero(at: 0, width: width)
        func put(_ value: Int) {
            if width == 4 { out.append(Int32(truncatingIfNeeded: value)) } else { out.append(Int64(value)) }
        }
        for i in 0...length { put(offsetOrZero(at: i, width: width) &- selfFirst) }
        if other.length > 0 {
            for i in 1...other.length { put(other.offsetOrZero(at: i, width: width) &- otherFirst &+ shift) }
        }
        return out.take()
    }

    /// The first `count1` bits of `bits1` then the first `count2` of `bits2`;
    /// a nil bitmap counts as all ones (no nulls).
    private static func joinedBits(_ bits1: ByteBuffer?, _ count1: Int, _ bits2: ByteBuffer?, _ count2: Int) -> ByteBuffer {
        var out = GrowableBuffer(capacity: bitmapByteCount(count1 + count2))
        out.appendZeros(bitmapByteCount(count1 + count2))
        for (bits, count, start) in [(bits1, count1, 0), (bits2, count2, count1)] {
            for i in 0..<count {
                let isSet = bits.map { $0.loadUnchecked(UInt8.self, at: i >> 3) & (1 << UInt8(i & 7)) != 0 } ?? true
                if isSet { out.setBit(start + i, true) }
            }
        }
        return out.take()
    }
}
