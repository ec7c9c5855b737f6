/// Bit-level helpers for validity bitmaps and bool values (LSB first, as
/// Arrow bitmaps are: bit j is `(byte[j >> 3] >> (j & 7)) & 1`, notes §4.2).
extension ByteBuffer {
    /// The number of set bits among the first `bits` bits, counted a word at
    /// a time (no per-element work).
    func setBitCount(firstBits bits: Int) -> Int {
        precondition(bits >= 0 && count * 8 >= bits, "\(bits) bits asked of a \(count)-byte bitmap")
        var total = 0
        let words = bits / 64
        for w in 0..<words {
            total += loadUnchecked(UInt64.self, at: w * 8).nonzeroBitCount
        }
        var bit = words * 64
        while bit + 8 <= bits {
            total += loadUnchecked(UInt8.self, at: bit >> 3).nonzeroBitCount
            bit += 8
        }
        if bit < bits {
            let mask = UInt8((1 << (bits - bit)) - 1)
            total += (loadUnchecked(UInt8.self, at: bit >> 3) & mask).nonzeroBitCount
        }
        return total
    }

    /// A bitmap of `count` bits copied from bit `start` on. Shares this
    /// buffer's memory when `start` is a multiple of 8.
    func bits(from start: Int, count bitCount: Int) -> ByteBuffer {
        let byteCount = Column.bitmapByteCount(bitCount)
        if start % 8 == 0 {
            return try! slice(offset: start / 8, count: byteCount, what: "bitmap")
        }
        var copy = GrowableBuffer(capacity: byteCount)
        copy.appendZeros(byteCount)
        for i in 0..<bitCount {
            let source = start + i
            let isSet = loadUnchecked(UInt8.self, at: source >> 3) & (1 << UInt8(source & 7)) != 0
            if isSet { copy.setBit(i, true) }
        }
        return copy.take()
    }
}
