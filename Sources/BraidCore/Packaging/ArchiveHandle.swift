import CArchive

/// Checking libarchive's return codes, shared by ``ArchiveWriter`` and ``ArchiveReader``.
///
/// libarchive returns `ARCHIVE_OK` (0) on success, `ARCHIVE_WARN` when it went
/// on despite a problem, and `ARCHIVE_FAILED` / `ARCHIVE_FATAL` otherwise
/// (archive(3)). Braid treats a warning as an error too: a snapshot that
/// libarchive had doubts about is not one a person can rely on.
enum ArchiveCall {
    /// Throws unless `code` is `ARCHIVE_OK`, with the handle's error message.
    static func check(_ code: Int32, _ handle: OpaquePointer, _ operation: @autoclosure () -> String, path: String) throws(ArchiveError) {
        guard code != ARCHIVE_OK else { return }
        throw error(code, handle, operation(), path: path)
    }

    /// The error for a failed call on `handle`.
    static func error(_ code: Int32, _ handle: OpaquePointer, _ operation: String, path: String) -> ArchiveError {
        let message = archive_error_string(handle).map { String(cString: $0) }
        return ArchiveError(operation: operation, path: path, reason: message ?? "libarchive returned \(name(of: code))", code: code)
    }

    static func name(of code: Int32) -> String {
        switch code {
        case ARCHIVE_EOF: "ARCHIVE_EOF"
        case ARCHIVE_WARN: "ARCHIVE_WARN"
        case ARCHIVE_RETRY: "ARCHIVE_RETRY"
        case ARCHIVE_FAILED: "ARCHIVE_FAILED"
        case ARCHIVE_FATAL: "ARCHIVE_FATAL"
        default: "code \(code)"
        }
    }
}
