#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The content-addressed artifact files under `objects/`: each file is named
/// by a SHA-256 content hash of its bytes (``ObjectHash``), as
/// `objects/ab/ab12….arrow`, written once and never changed, so the same
/// bytes are stored once however many tasks set them.
public struct ObjectStore: Sendable {
    /// The store whose `objects/` this is.
    public let layout: StoreLayout

    /// The object store of the store at `layout`; nothing is touched until used.
    public init(layout: StoreLayout) {
        self.layout = layout
    }

    /// Moves a spool file the worker wrote into the store, under its hash
    /// (`requiresMetadata: false` for a table version, which need not be a Braid artifact).
    ///
    /// The file is checked (`ArtifactFileCheck`), hashed (``ObjectHash``),
    /// made read-only, flushed, and renamed into place: the spool directory is on the same
    /// filesystem, so the rename is atomic and copies nothing (rename(2)). If
    /// the object is already stored, the spool file is just deleted. Either
    /// way the spool file is gone afterwards, unless this throws.
    ///
    /// Safe when several engines ingest the same content at once: each rename
    /// replaces identical bytes with identical bytes.
    /// - Returns: the object's hash (lowercase hex) and size in bytes.
    /// - Throws: `StoreError`: `.invalidArtifact` for a malformed file (left in
    ///   the spool for inspection), `.notFound` / `.io` naming the path.
    public func ingest(spoolFile path: String) throws -> (hash: String, size: Int64) {
        try ingest(spoolFile: path, requiresMetadata: true)
    }

    public func ingest(spoolFile path: String, requiresMetadata: Bool) throws -> (hash: String, size: Int64) {
        let header = try ArtifactFileCheck.check(path: path, requiresMetadata: requiresMetadata)
        let file = try SystemFile(path: path, flags: O_RDONLY)
        // Most objects are new: their fsync below then finds the disk writes under way.
        if header.size > ObjectHash.pieceSize { file.startWriteback() }
        let hash = try ObjectHash.of(file).hex
        let target = self.path(of: hash)
        if existingSize(target) == header.size {
            // Another ingest may have renamed it in and not yet synced the
            // directory; sync it before the caller records the object as stored.
            try SystemFile.syncDirectory(SystemFile.parentDirectory(of: target))
            try remove(path)
            file.closeInBackground()
            return (hash, header.size)
        }
        // A missing object, or (after a disk fault) a damaged one of the wrong size: store it.
        let directory = SystemFile.parentDirectory(of: target)
        if try SystemFile.createDirectory(directory) {
            try SystemFile.syncDirectory(layout.objectsDirectory)
        }
        try file.setPermissions(0o444)
        try file.sync()
        try file.close()
        try move(path, to: target)
        try SystemFile.syncDirectory(directory)
        return (hash, header.size)
    }

    /// The file of the object with this hash (whether or not it exists).
    public func path(of hash: String) -> String {
        layout.objectPath(hash)
    }

    /// Whether the object with this hash is stored. A string that is not a
    /// SHA-256 in lowercase hex is never stored.
    public func contains(_ hash: String) -> Bool {
        Self.isHash(hash) && existingSize(path(of: hash)) != nil
    }

    /// The object name of the file at `path` (``ObjectHash``), lowercase hex.
    /// - Throws: `StoreError` naming the path when it cannot be read.
    public static func hash(fileAt path: String) throws -> String {
        try ObjectHash.of(SystemFile(path: path, flags: O_RDONLY)).hex
    }

    /// Whether `text` looks like an object name: 64 lowercase hex digits.
    public static func isHash(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
            || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }
    }

    /// Renames the spool file into place, or copies it when the spool is on
    /// another filesystem (rename(2) fails with EXDEV: a misconfigured store).
    private func move(_ path: String, to target: String) throws {
        do {
            try AtomicFile.rename(path, to: target)
        } catch {
            guard error.errno == EXDEV else { throw error }
            try FileMapping(path: path).withBytes { bytes in
                try AtomicFile.write(to: target, permissions: 0o444) { writer in try writer.write(bytes) }
            }
            try remove(path)
        }
    }

    private func existingSize(_ path: String) -> Int64? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return Int64(info.st_size)
    }

    private func remove(_ path: String) throws(StoreError) {
        guard unlink(path) == 0 || errno == ENOENT else { throw .system("delete", path: path, errno: errno) }
    }
}
