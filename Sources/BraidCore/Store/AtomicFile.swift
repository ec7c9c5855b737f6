public import Foundation

/// Writes files so that a crash leaves either the old content or the new,
/// never a mix: the bytes go to a temporary file in the same directory, which
/// is flushed and then renamed over the target.
///
/// rename(2) is the atomic step: "If newpath already exists, it will be
/// atomically replaced, so that there is no point at which another process
/// attempting to access newpath will find it missing". It only works within
/// one filesystem, hence the temporary file beside the target. The file is
/// fsync'ed before the rename (else a power cut could leave the new name
/// pointing at empty or partial data) and the directory after it (else the
/// rename itself may not have reached the disk; see fsync(2)).
///
/// ```swift
/// try AtomicFile.write(Data("hello".utf8), to: "/tmp/greeting")
/// ```
public enum AtomicFile {
    /// Replaces (or creates) the file at `path` with `data`.
    ///
    /// - Parameter permissions: the new file's mode, e.g. `0o644`.
    /// - Throws: `StoreError` naming the path and the system's reason
    ///   ("no space left on device (ENOSPC)"); the old file is then untouched
    ///   and no temporary file is left behind.
    public static func write(_ data: Data, to path: String, permissions: Int = 0o644) throws {
        try write(to: path, permissions: permissions) { writer in try writer.write(data) }
    }

    /// Replaces (or creates) the file at `path` with what `body` writes.
    ///
    /// If `body` throws, the file at `path` is left as it was and its error is rethrown.
    public static func write(to path: String, permissions: Int = 0o644, _ body: (Writer) throws -> Void) throws {
        let temporary = temporaryPath(for: path)
        let file = try SystemFile(path: temporary, flags: O_WRONLY | O_CREAT | O_EXCL, mode: mode_t(permissions))
        do {
            try body(Writer(file: file))
            try file.sync()
            try file.close()
            try rename(temporary, to: path)
        } catch {
            unlink(temporary)
            throw error
        }
        try SystemFile.syncDirectory(SystemFile.parentDirectory(of: path))
    }

    /// Receives the bytes of a file being written atomically.
    public struct Writer {
        fileprivate let file: SystemFile

        /// Appends `data` to the file.
        public func write(_ data: Data) throws {
            try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) throws in try file.write(bytes) }
        }

        /// Appends `bytes` to the file.
        public func write(_ bytes: UnsafeRawBufferPointer) throws {
            try file.write(bytes)
        }
    }

    /// `rename(2)`, with an error naming both paths.
    static func rename(_ source: String, to target: String) throws(StoreError) {
        guard Foundation.rename(source, target) == 0 else {
            let code = errno
            throw StoreError(code == ENOENT ? .notFound : .io, path: target, errno: code,
                             description: "cannot rename \(source) to \(target): \(StoreError.reason(errno: code))")
        }
    }

    /// A fresh name beside `path`: hidden, and unique to this process and call.
    static func temporaryPath(for path: String) -> String {
        let directory = SystemFile.parentDirectory(of: path)
        let name = path.split(separator: "/").last.map(String.init) ?? "file"
        let random = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        return "\(directory)/.\(name).\(getpid()).\(random).tmp"
    }
}
