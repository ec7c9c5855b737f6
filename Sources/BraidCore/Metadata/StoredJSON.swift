import Foundation

/// How the store writes the JSON columns (`*_json`): compact, keys sorted, so
/// equal values are equal text.
enum StoredJSON {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Decodes a JSON column, naming the table and column if the text is not what was written.
    static func decode<T: Decodable>(_ type: T.Type, _ text: String, table: String, column: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw MetadataError.corrupt(table, column, text, "is not valid \(type) JSON: \(error)")
        }
    }

    /// A JSON array of strings, written without JSONEncoder (on the hot path of every task).
    static func encode(strings: [String]) -> String {
        "[" + strings.map(quoted).joined(separator: ",") + "]"
    }

    /// A JSON string literal: escapes `"`, `\` and control characters (RFC 8259 §7).
    static func quoted(_ string: String) -> String {
        var out = "\""
        out.reserveCapacity(string.utf8.count + 2)
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

extension RunStatus {
    /// Reads a status column, naming it if the text is not a status.
    static func stored(_ text: String, table: String) throws -> RunStatus {
        guard let status = RunStatus(rawValue: text) else {
            throw MetadataError.corrupt(table, "status", text, "is not a status")
        }
        return status
    }
}
