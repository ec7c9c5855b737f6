import ArrowIPC

/// Byte-level readings of CSV text, with no `String` made on the common paths.
enum CSVText {
    static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
    private static let plus = UInt8(ascii: "+"), minus = UInt8(ascii: "-"), dot = UInt8(ascii: "."), zero = UInt8(ascii: "0")

    /// An optional sign and decimal digits that fit in an Int64.
    @inline(__always)
    static func int64(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int64? {
        var i = 0
        var negative = false
        if n > 0 && (p[0] == minus || p[0] == plus) {
            negative = p[0] == minus
            i = 1
        }
        guard i < n else { return nil }
        var magnitude: UInt64 = 0
        while i < n {
            let digit = p[i] &- zero
            guard digit < 10 else { return nil }
            let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(digit))
            guard !o1 && !o2 else { return nil }
            magnitude = sum
            i += 1
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return Int64(bitPattern: 0 &- magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    /// A decimal number (`12`, `-0.5`, `.5`, `5.`, `1e3`, `2.5E-7`) or `nan`,
    /// `inf`, `infinity` in any case, each with an optional sign. Exact
    /// conversions take Clinger's fast path (a mantissa below 2^53 and a power
    /// of ten up to 1e22 are both exact, so one IEEE operation rounds
    /// correctly); the rest go to the standard library's parser.
    static func double(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        var i = 0
        var negative = false
        if n > 0 && (p[0] == minus || p[0] == plus) {
            negative = p[0] == minus
            i = 1
        }
        guard i < n else { return nil }
        let lower = p[i] | 0x20
        if lower == UInt8(ascii: "n") || lower == UInt8(ascii: "i") {
            guard let special = special(p + i, n - i) else { return nil }
            return negative ? -special : special
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        var sawDigit = false
        var inexact = false
        while i < n, p[i] &- zero < 10 {
            sawDigit = true
            if digits < 19 {
                mantissa = mantissa * 10 + UInt64(p[i] &- zero)
                if mantissa != 0 { digits += 1 }
            } else {
                exponent += 1
                if p[i] != zero { inexact = true }
            }
            i += 1
        }
        if i < n && p[i] == dot {
            i += 1
            while i < n, p[i] &- zero < 10 {
                sawDigit = true
                if digits < 19 {
                    mantissa = mantissa * 10 + UInt64(p[i] &- zero)
                    if mantissa != 0 { digits += 1 }
                    exponent -= 1
                } else if p[i] != zero {
                    inexact = true
                }
                i += 1
            }
        }
        guard sawDigit else { return nil }
        if i < n && p[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var exponentNegative = false
            if i < n && (p[i] == minus || p[i] == plus) {
                exponentNegative = p[i] == minus
                i += 1
            }
            var value = 0
            var sawExponentDigit = false
            while i < n, p[i] &- zero < 10 {
                sawExponentDigit = true
                if value < 1_000_000 { value = value * 10 + Int(p[i] &- zero) }
                i += 1
            }
            guard sawExponentDigit else { return nil }
            exponent += exponentNegative ? -value : value
        }
        guard i == n else { return nil }
        if !inexact && mantissa <= 1 << 53 && (-22...22).contains(exponent) {
            var value = Double(mantissa)
            value = exponent < 0 ? value / exactPowersOfTen[-exponent] : value * exactPowersOfTen[exponent]
            return negative ? -value : value
        }
        return Double(String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self))
    }

    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// `nan`, `inf` or `infinity` in any case.
    private static func special(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        func matches(_ word: StaticString) -> Bool {
            guard word.utf8CodeUnitCount == n else { return false }
            return (0..<n).allSatisfy { p[$0] | 0x20 == word.utf8Start[$0] }
        }
        if matches("nan") { return .nan }
        if matches("inf") || matches("infinity") { return .infinity }
        return nil
    }

    /// `true`, `TRUE`, `True`, `false`, `FALSE` or `False`.
    @inline(__always)
    static func bool(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool? {
        func matches(_ word: StaticString) -> Bool {
            (0..<n).allSatisfy { p[$0] == word.utf8Start[$0] }
        }
        switch n {
        case 4: return matches("true") || matches("TRUE") || matches("True") ? true : nil
        case 5: return matches("false") || matches("FALSE") || matches("False") ? false : nil
        default: return nil
        }
    }

    /// The offset of the first byte that does not start a well-formed UTF-8
    /// sequence (Unicode Standard, table 3-7: no overlong forms, no
    /// surrogates, nothing above U+10FFFF), or nil when all are well formed.
    static func firstInvalidUTF8(_ p: UnsafePointer<UInt8>, _ count: Int) -> Int? {
        var i = 0
        while i < count {
            if i + 8 <= count && UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
                continue
            }
            let lead = p[i]
            if lead < 0x80 {
                i += 1
                continue
            }
            let trailing: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: trailing = 1
            case 0xE0: trailing = 2; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: trailing = 2
            case 0xED: trailing = 2; high = 0x9F
            case 0xF0: trailing = 3; low = 0x90
            case 0xF1...0xF3: trailing = 3
            case 0xF4: trailing = 3; high = 0x8F
            default: return i
            }
            guard i + trailing < count, (low...high).contains(p[i + 1]) else { return i }
            for k in stride(from: 2, through: trailing, by: 1) where p[i + k] & 0xC0 != 0x80 { return i }
            i += trailing + 1
        }
        return nil
    }

    /// The 1-based physical line that offset `offset` is on.
    static func line(at offset: Int, _ p: UnsafePointer<UInt8>) -> Int {
        var line = 1
        for i in 0..<offset where p[i] == lf { line += 1 }
        return line
    }
}

extension Substring {
    /// The text without white space at either end.
    var trimmingWhitespace: Substring {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else {
            return self[endIndex...]
        }
        return self[first...last]
    }
}
