/// A libarchive call that failed, or an archive whose content Braid refuses.
///
/// It carries what was being done, the archive (or file) it was done to, and
/// libarchive's own explanation (`archive_error_string`, see
/// https://github.com/libarchive/libarchive/wiki/ManPageArchiveUtil3), so the
/// description is a sentence a person can act on:
/// "cannot read the code package /s/code/ab/ab12….tar.gz: Truncated tar archive".
public struct ArchiveError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What was being done when it failed ("write the entry model.py").
    public let operation: String
    /// The archive or file involved.
    public let path: String
    /// libarchive's message, or Braid's reason when libarchive had none.
    public let reason: String
    /// libarchive's return code (`ARCHIVE_FATAL`, ...), or nil for a refusal by Braid.
    public let code: Int32?

    /// Creates an error from its parts.
    public init(operation: String, path: String, reason: String, code: Int32? = nil) {
        self.operation = operation
        self.path = path
        self.reason = reason
        self.code = code
    }

    public var description: String {
        "cannot \(operation) (\(path)): \(reason)"
    }
}
