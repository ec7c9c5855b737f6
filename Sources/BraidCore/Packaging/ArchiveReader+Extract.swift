import Foundation
import Glibc

extension ArchiveReader {
    /// Writes every entry of the archive at `path` under `directory`, creating it as needed.
    ///
    /// Only regular files are extracted, and only to paths inside `directory`:
    /// an entry with an absolute path, a `..` component, or a type other than
    /// a regular file is refused before anything of it is written. Existing
    /// files are never overwritten (`O_EXCL`) nor written through a symbolic
    /// link (`O_NOFOLLOW`). Modes are 0644 or 0755 (less the umask); times
    /// are the time of extraction.
    /// - Returns: the entries written, in archive order.
    /// - Throws: ``ArchiveError`` naming the entry or file.
    @discardableResult
    public static func extract(archiveAt path: String, to directory: String) throws -> [ArchiveEntry] {
        let reader = try ArchiveReader(path: path)
        var written: [ArchiveEntry] = []
        while let entry = try reader.nextEntry() {
            let relative = try safeRelativePath(entry, archive: path)
            let target = directory + "/" + relative
            let parent = (target as NSString).deletingLastPathComponent
            do {
                try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            } catch {
                throw ArchiveError(operation: "create the directory \(parent)", path: path, reason: "\(error.localizedDescription)")
            }
            let fd = open(target, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, entry.isExecutable ? 0o755 : 0o644)
            guard fd >= 0 else {
                let code = errno
                let reason = code == EEXIST ? "it already exists; extract into an empty directory" : String(cString: strerror(code))
                throw ArchiveError(operation: "create \(target)", path: path, reason: reason)
            }
            defer { close(fd) }
            try reader.readContents { chunk in
                var rest = chunk
                while !rest.isEmpty {
                    let count = write(fd, rest.baseAddress, rest.count)
                    if count < 0, errno == EINTR { continue }
                    guard count > 0 else {
                        throw ArchiveError(operation: "write \(target)", path: path, reason: String(cString: strerror(errno)))
                    }
                    rest = UnsafeRawBufferPointer(rebasing: rest[count...])
                }
            }
            written.append(entry)
        }
        return written
    }

    /// The entry's path, checked to stay inside the extraction directory.
    private static func safeRelativePath(_ entry: ArchiveEntry, archive: String) throws(ArchiveError) -> String {
        func refuse(_ reason: String) -> ArchiveError {
            ArchiveError(operation: "extract the entry '\(entry.path)'", path: archive, reason: reason)
        }
        guard entry.isRegularFile else { throw refuse("it is not a regular file; code packages hold only files") }
        guard !entry.path.hasPrefix("/") else { throw refuse("its path is absolute") }
        let components = entry.path.split(separator: "/").filter { $0 != "." }
        guard !components.isEmpty else { throw refuse("its path is empty") }
        guard !components.contains("..") else { throw refuse("its path leaves the extraction directory (..)") }
        return components.joined(separator: "/")
    }
}
