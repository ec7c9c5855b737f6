/// Full validation: the checks that need a pass over the data, which
/// `Column.init` leaves out so that reading stays O(number of buffers).
/// Together with `init` this matches pyarrow's `validate(full=True)`
/// (notes §7.1): exact null counts, non-decreasing offsets, valid UTF-8, and
/// (already in `init`) dictionary indices in range.
extension Column {
    /// Checks the data of this column, its children and its dictionary.
    ///
    /// - Throws: `.invalidData` naming the row or offset at fault, in the
    ///   context "child 'name'" or "dictionary" for nested parts.
    public func validate() throws(ArrowIPCError) {
        try validateNullCount()
        switch type {
        case .utf8:
            try validateOffsets(width: 4, limit: buffers[1].count)
            try validateUTF8(width: 4)
        case .largeUtf8:
            try validateOffsets(width: 8, limit: buffers[1].count)
            try validateUTF8(width: 8)
        case .binary:
            try validateOffsets(width: 4, limit: buffers[1].count)
        case .largeBinary:
            try validateOffsets(width: 8, limit: buffers[1].count)
        case .list:
            try validateOffsets(width: 4, limit: children[0].length)
        case .largeList:
            try validateOffsets(width: 8, limit: children[0].length)
        default:
            break
        }
        for (child, field) in zip(children, type.children) {
            try inContext("child '\(field.name)'") { () throws(ArrowIPCError) in try child.validate() }
        }
        if let dictionary {
            try inContext("dictionary") { () throws(ArrowIPCError) in try dictionary.validate() }
        }
    }

    /// The null count must equal the number of 0 bits among the first
    /// `length` bits of the validity bitmap (notes §4.2).
    private func validateNullCount() throws(ArrowIPCError) {
        guard let validity else { return }
        let byteCount = Column.bitmapByteCount(length)
        var valid = 0
        validity.withUnsafeBytes { bytes in
            var i = 0
            while i + 8 <= length / 8 {
                valid += bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self).nonzeroBitCount
                i += 8
            }
            while i < byteCount {
                var byte = bytes[i]
                if i == byteCount - 1 && length % 8 != 0 { byte &= UInt8((1 << (length % 8)) - 1) }
                valid += byte.nonzeroBitCount
                i += 1
            }
        }
        guard length - valid == nullCount else {
            throw .invalid("the null count is \(nullCount) but the validity bitmap has \(length - valid) nulls")
        }
    }

    /// Offsets must not decrease (the first and last were checked by `init`
    /// to lie in `0...limit`, so all lie there when none decreases).
    private func validateOffsets(width: Int, limit: Int) throws(ArrowIPCError) {
        guard buffers[0].count >= Column.byteCount(length, width: width, plus: width) else { return }
        var previous = offset(at: 0, width: width)
        for i in 0..<length {
            let next = offset(at: i + 1, width: width)
            guard next >= previous else {
                throw .invalid("offset \(i + 1) (\(next)) is less than offset \(i) (\(previous))")
            }
            previous = next
        }
    }

    /// Every non-null string must be valid UTF-8 on its own.
    private func validateUTF8(width: Int) throws(ArrowIPCError) {
        let data = buffers[1]
        let hasOffsets = buffers[0].count >= Column.byteCount(length, width: width, plus: width)
        guard hasOffsets else { return }
        try data.withUnsafeBytes { (bytes) throws(ArrowIPCError) in
            for i in 0..<length where isValid(i) {
                let range = clampedRange(at: i, width: width, limit: data.count)
                guard UTF8Validation.isValid(UnsafeRawBufferPointer(rebasing: bytes[range])) else {
                    throw .invalid("the string at row \(i) is not valid UTF-8")
                }
            }
        }
    }
}

extension RecordBatch {
    /// Validates every column fully (see `Column.validate()`).
    ///
    /// - Throws: `.invalidData` in the context "column 'name' (i)".
    public func validate() throws(ArrowIPCError) {
        for (i, (field, column)) in zip(schema.fields, columns).enumerated() {
            try inContext("column '\(field.name)' (\(i))") { () throws(ArrowIPCError) in try column.validate() }
        }
    }
}
