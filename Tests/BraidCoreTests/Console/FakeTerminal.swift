/// A terminal screen for tests: plays the bytes a printer writes and keeps
/// the rows a person would see. Knows what the progress block uses: text,
/// `\r`, `\n`, cursor up (`ESC[nA`) and erase to the end of the screen (`ESC[J`).
final class FakeTerminal {
    private(set) var rows: [String] = [""]
    private var row = 0
    /// Every byte written, for checks on the escape codes themselves.
    private(set) var written: [UInt8] = []

    func write(_ bytes: [UInt8]) {
        written += bytes
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == 0x1B, i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "[") {
                var j = i + 2
                var count = 0
                while j < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[j]) {
                    count = count * 10 + Int(bytes[j] - UInt8(ascii: "0"))
                    j += 1
                }
                switch bytes[j] {
                case UInt8(ascii: "A"): row = max(0, row - max(count, 1))
                case UInt8(ascii: "J"): rows = Array(rows.prefix(row)) + [""]
                default: fatalError("FakeTerminal does not know ESC[\(count)\(Character(UnicodeScalar(bytes[j])))")
                }
                i = j + 1
                continue
            }
            switch byte {
            case 0x0D: break  // the printer only returns to column 0 before moving up
            case 0x0A:
                row += 1
                if row == rows.count { rows.append("") }
            default:
                rows[row].append(Character(UnicodeScalar(byte)))
            }
            i += 1
        }
    }

    /// The visible rows, without the empty row the cursor waits on.
    var screen: [String] {
        rows.last == "" ? Array(rows.dropLast()) : rows
    }
}
