#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failure reading or writing the store's files (`objects/`, `spool/`, `logs/`).
///
/// `description` is one sentence that names the file and the reason, e.g.
/// "cannot write /home/ana/.braid/objects/3f/.3fa2….tmp: no space left on device (ENOSPC)".
public struct StoreError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The kind of failure, for callers that branch on it.
    public enum Code: Sendable, Equatable {
        /// The operating system refused an operation; `errno` says why.
        case io
        /// The file is not there.
        case notFound
        /// A spool file is not a well-formed artifact file.
        case invalidArtifact
    }

    /// What kind of failure it is.
    public let code: Code
    /// The file or directory concerned.
    public let path: String
    /// The system error number, for `.io` and `.notFound` from the system.
    public let errno: Int32?
    /// What failed and where, as a sentence.
    public let description: String

    init(_ code: Code, path: String, errno: Int32? = nil, description: String) {
        self.code = code
        self.path = path
        self.errno = errno
        self.description = description
    }

    /// The failure of a system call: "cannot OPERATION PATH: REASON (ECODE)".
    static func system(_ operation: String, path: String, errno code: Int32) -> StoreError {
        StoreError(code == ENOENT ? .notFound : .io, path: path, errno: code,
                   description: "cannot \(operation) \(path): \(reason(errno: code))")
    }

    /// A spool file that is not a valid artifact file.
    static func invalidArtifact(path: String, _ reason: String) -> StoreError {
        StoreError(.invalidArtifact, path: path, description: "\(path) is not a valid artifact file: \(reason)")
    }

    /// `strerror` in the lower case of a sentence's middle, with the symbolic
    /// name people search for: "no space left on device (ENOSPC)".
    static func reason(errno code: Int32) -> String {
        var text = String(cString: strerror(code))
        if let first = text.first, text.dropFirst().first?.isLowercase ?? true {
            text = first.lowercased() + text.dropFirst()
        }
        let names: [Int32: String] = [
            ENOENT: "ENOENT", EACCES: "EACCES", EPERM: "EPERM", ENOSPC: "ENOSPC", EDQUOT: "EDQUOT", EROFS: "EROFS",
            EIO: "EIO", EEXIST: "EEXIST", EISDIR: "EISDIR", ENOTDIR: "ENOTDIR", EXDEV: "EXDEV", EMFILE: "EMFILE",
            ENAMETOOLONG: "ENAMETOOLONG", ENOTEMPTY: "ENOTEMPTY", EBUSY: "EBUSY", EINVAL: "EINVAL",
        ]
        return names[code].map { "\(text) (\($0))" } ?? text
    }
}
