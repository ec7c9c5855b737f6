/// A place in the user's source: a file and, when the client knows it, a line.
///
/// Every ``GraphProblem`` carries one, so a message can point at the `def`
/// line of a step, the `self.next(...)` call or the decorator to fix. The
/// client sends absolute paths; ``description`` shows the file name alone,
/// the way people read compiler output (`pricing.py:13`), while ``file``
/// keeps the whole path for tools.
///
/// A missing line is not an error: R without source references cannot know
/// it, and flow-level problems (no `start` step) have none. The location is
/// then the file alone.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    /// The absolute path the client sent.
    public var file: String
    /// The 1-based line, when known.
    public var line: Int?

    /// Creates a location.
    /// - Parameters:
    ///   - file: The path of the source file, as the client sent it.
    ///   - line: The 1-based line, or nil when unknown.
    public init(file: String, line: Int?) {
        self.file = file
        self.line = line
    }

    /// The last component of ``file``: `pricing.py` for `/home/ana/flows/pricing.py`.
    public var fileName: String {
        let name = file.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init)
        return name ?? file
    }

    /// `pricing.py:13`, or `pricing.py` when the line is unknown.
    public var description: String {
        if let line { "\(fileName):\(line)" } else { fileName }
    }
}
