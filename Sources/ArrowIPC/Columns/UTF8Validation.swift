/// A UTF-8 validity check over raw bytes, without building a `String`.
///
/// Follows the well-formed byte sequences of the Unicode Standard, table 3-7:
/// no overlong forms, no surrogates (U+D800…U+DFFF), nothing above U+10FFFF.
enum UTF8Validation {
    static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let count = bytes.count
        var i = 0
        while i < count {
            // Fast path: 8 ASCII bytes at a time.
            if i + 8 <= count, bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
                continue
            }
            let lead = bytes[i]
            if lead < 0x80 {
                i += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF  // allowed range of the second byte
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return false
            }
            guard i + length <= count else { return false }
            guard (low...high).contains(bytes[i + 1]) else { return false }
            for k in 2..<max(length, 2) where !(0x80...0xBF).contains(bytes[i + k]) {
                return false
            }
            i += length
        }
        return true
    }
}
