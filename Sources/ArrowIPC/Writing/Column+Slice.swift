/// Row ranges of columns, for delta dictionaries (the new values of a
/// dictionary that grew).
extension Column {
    /// The rows `range` of this column, sharing its memory where the layout
    /// allows (byte-aligned values, offsets, children) and copying bitmaps
    /// that start mid-byte.
    ///
    /// Offsets are kept as they are, so a slice of a utf8, binary or list
    /// column has offsets that need not start at 0; the format allows it.
    func slice(rows range: Range<Int>) throws(ArrowIPCError) -> Column {
        precondition(range.lowerBound >= 0 && range.upperBound <= length, "rows \(range) outside 0..<\(length)")
        let (start, n) = (range.lowerBound, range.count)
        if case .null = type { return Column.nulls(n) }
        let validity = nullCount > 0 ? validity!.bits(from: start, count: n) : nil
        let nulls = validity.map { n - $0.setBitCount(firstBits: n) } ?? 0
        var buffers: [ByteBuffer] = []
        var children: [Column] = []
        switch type {
        case .null:
            preconditionFailure("handled above")
        case .bool:
            buffers = [self.buffers[0].bits(from: start, count: n)]
        case .int, .float16, .float32, .float64, .date32, .date64, .time32, .time64, .timestamp, .duration:
            let width = type.byteWidth!
            buffers = [try self.buffers[0].slice(offset: start * width, count: n * width)]
        case .dictionary(let dictionaryType):
            let width = dictionaryType.indexType.bitWidth / 8
            buffers = [try self.buffers[0].slice(offset: start * width, count: n * width)]
        case .utf8, .binary:
            buffers = [try self.buffers[0].slice(offset: start * 4, count: (n + 1) * 4), self.buffers[1]]
        case .largeUtf8, .largeBinary:
            buffers = [try self.buffers[0].slice(offset: start * 8, count: (n + 1) * 8), self.buffers[1]]
        case .list:
            buffers = [try self.buffers[0].slice(offset: start * 4, count: (n + 1) * 4)]
            children = self.children
        case .largeList:
            buffers = [try self.buffers[0].slice(offset: start * 8, count: (n + 1) * 8)]
            children = self.children
        case .fixedSizeList(_, let listSize):
            children = [try self.children[0].slice(rows: (start * listSize)..<((start + n) * listSize))]
        case .struct:
            children = try self.children.map { (child) throws(ArrowIPCError) in try child.slice(rows: range) }
        }
        return try Column(type: type, length: n, nullCount: nulls, validity: validity,
                          buffers: buffers, children: children, dictionary: dictionary)
    }
}
