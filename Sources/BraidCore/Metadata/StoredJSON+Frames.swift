extension StoredJSON {
    /// A foreach stack as `encode(frames:)` writes it, read without JSONDecoder: a client's answer for a
    /// 4,000-task step reads 4,000 stacks, and the decoder spent ~30 µs on each. Any text not in exactly
    /// that form (an escape in a name, other spacing or order) goes to the decoder, which also names the
    /// column of text that is not JSON.
    static func decode(frames text: String, table: String, column: String) throws -> [ForeachFrame] {
        if text == "[]" { return [] }
        var scanner = FrameScanner(text)
        if let frames = scanner.frames() { return frames }
        return try decode([ForeachFrame].self, text, table: table, column: column)
    }
}

/// Reads `[{"artifact":"A","count":N,"index":N,"step":"S"},...]`; nil at the first byte out of that form.
private struct FrameScanner {
    private let bytes: [UInt8]
    private var at = 0

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    mutating func frames() -> [ForeachFrame]? {
        var frames: [ForeachFrame] = []
        guard take("[") else { return nil }
        repeat {
            guard take("{\"artifact\":"), let artifact = string(), take(",\"count\":"), let count = integer(),
                  take(",\"index\":"), let index = integer(), take(",\"step\":"), let step = string(), take("}")
            else { return nil }
            frames.append(ForeachFrame(step: step, artifact: artifact, index: index, count: count))
        } while take(",")
        return take("]") && at == bytes.count ? frames : nil
    }

    private mutating func take(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard at + count <= bytes.count else { return false }
        let matches = literal.withUTF8Buffer { expected in
            (0..<count).allSatisfy { bytes[at + $0] == expected[$0] }
        }
        if matches { at += count }
        return matches
    }

    /// A string with no escapes (a backslash or a control character sends the whole text to the decoder).
    private mutating func string() -> String? {
        guard take("\"") else { return nil }
        let start = at
        while at < bytes.count, bytes[at] != UInt8(ascii: "\"") {
            guard bytes[at] != UInt8(ascii: "\\"), bytes[at] >= 0x20 else { return nil }
            at += 1
        }
        guard at < bytes.count else { return nil }
        defer { at += 1 }
        return String(decoding: bytes[start..<at], as: UTF8.self)
    }

    private mutating func integer() -> Int? {
        let start = at
        if at < bytes.count, bytes[at] == UInt8(ascii: "-") { at += 1 }
        while at < bytes.count, bytes[at] >= UInt8(ascii: "0"), bytes[at] <= UInt8(ascii: "9") { at += 1 }
        return Int(String(decoding: bytes[start..<at], as: UTF8.self))
    }
}
