import BraidCore

/// Compact JSON from an `APIValue` or a `JSONValue` (keys sorted): what `JSONSerialization` wrote for the
/// `braid api` answers, at a fraction of its cost (with `[String: Any]` objects it took ~1 ms per task of a
/// step's answer on Linux, a 4,000-task step seconds). Slashes are not escaped; non-ASCII text is written as UTF-8.
struct JSONOutput {
    private(set) var bytes: [UInt8] = []

    init(reserving capacity: Int = 1 << 16) {
        bytes.reserveCapacity(capacity)
    }

    /// Appends one answer value.
    mutating func write(_ value: APIValue) {
        switch value {
        case .null: append("null")
        case .bool(let bool): append(bool ? "true" : "false")
        case .int(let int): append(String(int))
        case .double(let double): append(double.isFinite ? "\(double)" : "null")
        case .string(let string): write(string: string)
        case .json(let json): write(json)
        case .array(let array):
            bytes.append(UInt8(ascii: "["))
            for (index, item) in array.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                write(item)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let fields):
            bytes.append(UInt8(ascii: "{"))
            for (index, (key, item)) in fields.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                write(string: key)
                bytes.append(UInt8(ascii: ":"))
                write(item)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// Appends one value; a number that is not finite (never stored) is written as null.
    mutating func write(_ json: JSONValue) {
        switch json {
        case .null: append("null")
        case .bool(let bool): append(bool ? "true" : "false")
        case .int(let int): append(String(int))
        case .double(let double): append(double.isFinite ? "\(double)" : "null")
        case .string(let string): write(string: string)
        case .array(let array):
            bytes.append(UInt8(ascii: "["))
            for (index, item) in array.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                write(item)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let object):
            bytes.append(UInt8(ascii: "{"))
            for (index, key) in object.keys.sorted().enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                write(string: key)
                bytes.append(UInt8(ascii: ":"))
                write(object[key]!)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// A JSON string: `"` and `\` escaped, control characters as `\n`, `\t`... or `\u00XX` (RFC 8259 §7).
    private mutating func write(string: String) {
        bytes.append(UInt8(ascii: "\""))
        // Most strings (names, paths, times, hashes) need no escape: copy them whole.
        let copied = string.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
            for byte in utf8 where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return false }
            bytes.append(contentsOf: utf8)
            return true
        }
        if copied == true {
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case 0x0A: append("\\n")
            case 0x0D: append("\\r")
            case 0x09: append("\\t")
            case 0x08: append("\\b")
            case 0x0C: append("\\f")
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }
}
