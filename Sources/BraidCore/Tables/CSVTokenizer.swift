import ArrowIPC

/// Where one field's text is in the input: between the quotes for a quoted field.
struct CSVFieldSpan {
    var start: Int
    var end: Int
    var isQuoted: Bool
    /// Whether the text holds `""` pairs that stand for one quote each.
    var hasEscapedQuotes: Bool

    /// The field's text with `""` pairs made single.
    func string(_ base: UnsafePointer<UInt8>) -> String {
        hasEscapedQuotes ? String(decoding: unescaped(base), as: UTF8.self)
            : String(decoding: UnsafeBufferPointer(start: base + start, count: end - start), as: UTF8.self)
    }

    /// The bytes of a field with `""` pairs, each pair made one quote.
    func unescaped(_ base: UnsafePointer<UInt8>) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(end - start)
        var i = start
        while i < end {
            bytes.append(base[i])
            i += base[i] == CSVText.quote ? 2 : 1
        }
        return bytes
    }
}

/// Splits the input into records of field spans, one record per call. Holds
/// no copy of the input; copying the tokenizer saves its place.
struct CSVTokenizer {
    let base: UnsafePointer<UInt8>
    let count: Int
    /// The offset of the next record.
    private(set) var position: Int
    /// The physical line (1-based) that `position` is on.
    private(set) var line = 1
    let source: String
    /// Where the run of blank lines last looked at ends, when it is not the
    /// end of the input: blank lines before it are rows.
    private var blankRunEnd = -1

    init(base: UnsafePointer<UInt8>, count: Int, position: Int, source: String) {
        self.base = base
        self.count = count
        self.position = position
        self.source = source
    }

    /// Reads the next record's fields into `fields` (replacing what it held).
    ///
    /// - Returns: the line the record starts on, or nil at the end of the
    ///   input (trailing blank lines included).
    mutating func nextRecord(into fields: inout [CSVFieldSpan]) throws(CSVError) -> Int? {
        fields.removeAll(keepingCapacity: true)
        guard position < count, !onlyBlankLinesRemain() else { return nil }
        let startLine = line
        var p = position
        while true {
            if p < count && base[p] == CSVText.quote {
                let openLine = line
                let start = p + 1
                var q = start
                var escaped = false
                while true {
                    guard q < count else {
                        throw CSVError(source: source, line: openLine, message: "the quoted field that starts here has no closing quote")
                    }
                    let b = base[q]
                    if b == CSVText.quote {
                        guard q + 1 < count && base[q + 1] == CSVText.quote else { break }
                        escaped = true
                        q += 2
                        continue
                    }
                    if b == CSVText.lf { line += 1 }
                    q += 1
                }
                fields.append(CSVFieldSpan(start: start, end: q, isQuoted: true, hasEscapedQuotes: escaped))
                p = q + 1
                if p < count && base[p] == CSVText.comma {
                    p += 1
                    continue
                }
                if p < count && base[p] == CSVText.cr && (p + 1 == count || base[p + 1] == CSVText.lf) { p += 1 }
                if p < count && base[p] == CSVText.lf {
                    p += 1
                    line += 1
                } else if p < count {
                    throw CSVError(source: source, line: line, message: "field \(fields.count) has text after its closing quote; "
                        + "write a quote inside a quoted field as \"\"")
                }
                break
            } else {
                let start = p
                while p < count {
                    let b = base[p]
                    if b == CSVText.comma || b == CSVText.lf { break }
                    p += 1
                }
                if p < count && base[p] == CSVText.comma {
                    fields.append(CSVFieldSpan(start: start, end: p, isQuoted: false, hasEscapedQuotes: false))
                    p += 1
                    continue
                }
                // A line end or the end of the input; a CR before either is part of the line end.
                let end = p > start && base[p - 1] == CSVText.cr ? p - 1 : p
                fields.append(CSVFieldSpan(start: start, end: end, isQuoted: false, hasEscapedQuotes: false))
                if p < count {
                    p += 1
                    line += 1
                }
                break
            }
        }
        position = p
        return startLine
    }

    /// Whether nothing but CR and LF bytes is left. Remembers how far it
    /// looked, so a long run of blank lines is scanned once.
    private mutating func onlyBlankLinesRemain() -> Bool {
        let b = base[position]
        guard b == CSVText.lf || b == CSVText.cr else { return false }
        if position < blankRunEnd { return false }
        var p = position
        while p < count && (base[p] == CSVText.lf || base[p] == CSVText.cr) { p += 1 }
        if p == count { return true }
        blankRunEnd = p
        return false
    }
}
