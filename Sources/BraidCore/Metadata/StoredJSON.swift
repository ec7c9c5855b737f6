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
            throw MetadataError.corrupt(table, column, text, "is not the JSON this engine writes there")
        }
    }

    /// Decodes a JSON array column; the empty array, what most tasks hold (no
    /// foreach, no transition yet), skips the decoder.
    static func decode<Element: Decodable>(_ type: [Element].Type, _ text: String, table: String, column: String) throws -> [Element] {
        text == "[]" ? [] : try decode(Wrapper<[Element]>.self, text, table: table, column: column).value
    }

    /// Sends the array overload's call to the generic one.
    private struct Wrapper<Value: Decodable>: Decodable {
        let value: Value
        init(from decoder: any Decoder) throws { value = try Value(from: decoder) }
    }

    /// A JSON array of strings, written without JSONEncoder (on the hot path of every task).
    static func encode(strings: [String]) -> String {
        "[" + strings.map(quoted).joined(separator: ",") + "]"
    }

    /// A foreach stack, as `encode(_:)` would write it (keys sorted), without
    /// JSONEncoder: it is written for every task.
    static func encode(frames: [ForeachFrame]) -> String {
        "[" + frames.map { frame in
            "{\"artifact\":\(quoted(frame.artifact)),\"count\":\(frame.count),\"index\":\(frame.index),\"step\":\(quoted(frame.step))}"
        }.joined(separator: ",") + "]"
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
