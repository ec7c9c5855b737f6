/// Builds a validity bitmap, allocating it only once the first null arrives
/// (a column without nulls needs none).
struct ValidityBuilder: ~Copyable {
    private var bits = GrowableBuffer()
    private var hasBitmap = false
    private(set) var count = 0
    private(set) var nullCount = 0

    mutating func append(isValid: Bool) {
        if !isValid && !hasBitmap {
            // Back-fill the slots so far, all valid.
            hasBitmap = true
            for i in 0..<count { bits.setBit(i, true) }
        }
        if hasBitmap { bits.setBit(count, isValid) }
        if !isValid { nullCount += 1 }
        count += 1
    }

    /// Appends `n` valid slots.
    mutating func appendValid(_ n: Int) {
        if hasBitmap { for i in count..<(count + n) { bits.setBit(i, true) } }
        count += n
    }

    /// The bitmap, or nil when nothing was null.
    mutating func take() -> ByteBuffer? {
        guard hasBitmap else { return nil }
        if bits.count < Column.bitmapByteCount(count) {
            bits.appendZeros(Column.bitmapByteCount(count) - bits.count)
        }
        return bits.take()
    }
}
