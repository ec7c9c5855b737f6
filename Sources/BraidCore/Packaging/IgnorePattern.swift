import Glibc

/// One line of a `.braidignore`: a subset of gitignore's pattern syntax
/// (https://git-scm.com/docs/gitignore#_pattern_format).
///
/// Supported:
/// - blank lines and lines starting with `#` are skipped (`\#` for a leading `#`);
///   trailing spaces are dropped unless escaped with `\`;
/// - `!` negates: a path the pattern matches is included again (`\!` for a leading `!`);
/// - a trailing `/` matches directories only;
/// - a pattern with a `/` at its start or in its middle is anchored at the
///   flow directory (`/build`, `doc/frotz`); one without matches a name at any depth (`*.log`);
/// - in a path segment, `*` matches anything but `/`, `?` one character but
///   `/`, `[a-z]` / `[!a-z]` a class, `\` escapes (fnmatch(3) without `FNM_PATHNAME`,
///   applied segment by segment);
/// - `**` as a whole segment matches zero or more segments (`**/tmp`, `logs/**`, `a/**/b`).
///
/// Not supported: `.braidignore` files in subdirectories (only the one at the
/// top of the flow directory is read), and git's global or per-repository
/// exclude files.
struct IgnorePattern: Equatable, Sendable {
    /// The pattern's segments; `**` stands for any number of segments.
    let segments: [String]
    /// `!pattern`: a match includes instead of excluding.
    let isNegated: Bool
    /// `pattern/`: matches directories only.
    let isDirectoryOnly: Bool
    /// The line it came from, for messages.
    let source: String

    /// Parses one line; nil for a blank line or a comment.
    init?(line: String) {
        var text = Substring(line)
        if text.hasSuffix("\r") { text = text.dropLast() }
        // Trailing spaces go, unless the last one is escaped.
        while text.hasSuffix(" "), !text.hasSuffix("\\ ") { text = text.dropLast() }
        guard !text.isEmpty, !text.hasPrefix("#") else { return nil }
        var negated = false
        if text.hasPrefix("!") {
            negated = true
            text = text.dropFirst()
        } else if text.hasPrefix("\\!") || text.hasPrefix("\\#") {
            text = text.dropFirst()
        }
        var directoryOnly = false
        while text.hasSuffix("/") {
            directoryOnly = true
            text = text.dropLast()
        }
        guard !text.isEmpty else { return nil }
        let isAnchored = text.contains("/")
        if text.hasPrefix("/") { text = text.drop { $0 == "/" } }
        var segments = text.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if !isAnchored { segments.insert("**", at: 0) }
        self.segments = segments
        self.isNegated = negated
        self.isDirectoryOnly = directoryOnly
        self.source = line
    }

    /// Whether the pattern matches a path relative to the flow directory.
    /// - Parameters:
    ///   - path: its segments, e.g. `["data", "raw.csv"]`.
    ///   - isDirectory: whether it names a directory.
    func matches(_ path: [String], isDirectory: Bool) -> Bool {
        if isDirectoryOnly && !isDirectory { return false }
        if segments.count == 2, segments[0] == "**", let name = path.last {
            return matchSegment(segments[1], name)  // an unanchored name: only the last segment can match
        }
        return matchSegments(segments[...], path[...])
    }

    private func matchSegments(_ pattern: ArraySlice<String>, _ path: ArraySlice<String>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        if first == "**" {
            let rest = pattern.dropFirst()
            // `**` takes zero, one, ... of the path's leading segments.
            var remaining = path
            while true {
                if matchSegments(rest, remaining) { return true }
                guard !remaining.isEmpty else { return false }
                remaining = remaining.dropFirst()
            }
        }
        guard let name = path.first, matchSegment(first, name) else { return false }
        return matchSegments(pattern.dropFirst(), path.dropFirst())
    }

    private func matchSegment(_ pattern: String, _ name: String) -> Bool {
        fnmatch(pattern, name, 0) == 0
    }
}
