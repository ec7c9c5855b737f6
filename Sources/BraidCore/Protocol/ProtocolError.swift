/// A worker broke the protocol: the offending line (an excerpt) and why.
///
/// The engine turns it into `TaskFailure.protocolViolation` and stops the
/// worker. The excerpt is at most ``maxExcerptBytes`` bytes of UTF-8, cut on a
/// character boundary, so a megabyte of garbage never reaches the metadata
/// store or the terminal.
public struct ProtocolError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The start of the offending line (empty when there was no line, e.g. a closed channel).
    public let line: String
    /// What is wrong with it, as a sentence fragment: "not valid JSON", "missing required field 'name'".
    public let reason: String

    /// The most bytes of a line an error keeps.
    public static let maxExcerptBytes = 200

    /// Makes an error from raw line bytes, keeping an excerpt.
    public init(line: some Collection<UInt8>, reason: String) {
        self.line = ProtocolError.excerpt(line)
        self.reason = reason
    }

    /// Makes an error from a line already short enough to keep whole.
    public init(excerpt: String, reason: String) {
        self.line = ProtocolError.excerpt(Array(excerpt.utf8))
        self.reason = reason
    }

    /// The task failure this error means.
    public var failure: TaskFailure { .protocolViolation(line: line, reason: reason) }

    /// "protocol violation: REASON (line: EXCERPT)".
    public var description: String {
        line.isEmpty ? "protocol violation: \(reason)" : "protocol violation: \(reason) (line: \(line))"
    }

    /// The first bytes of `bytes`, at most `maxExcerptBytes` in all, cut back to a
    /// UTF-8 character boundary; a cut line ends in "…" (counted in the limit).
    static func excerpt(_ bytes: some Collection<UInt8>) -> String {
        let limit = maxExcerptBytes
        if bytes.count <= limit { return String(decoding: bytes, as: UTF8.self) }
        let ellipsis = "…"  // 3 bytes of UTF-8
        var kept = Array(bytes.prefix(limit - 3))
        // Walk back over continuation bytes (10xxxxxx) to the last character's
        // lead byte; drop that character when the cut left it incomplete.
        var lead = kept.count - 1
        while lead > 0, kept[lead] & 0xC0 == 0x80 { lead -= 1 }
        let first = kept[lead]
        let width = first < 0xC0 ? 1 : first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : 2
        if kept.count - lead < width { kept.removeSubrange(lead...) }
        return String(decoding: kept, as: UTF8.self) + ellipsis
    }
}
