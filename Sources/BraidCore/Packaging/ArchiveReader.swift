import CArchive

/// One entry of an archive as ``ArchiveReader`` reports it.
public struct ArchiveEntry: Sendable, Equatable {
    /// The path inside the archive, as stored.
    public var path: String
    /// The size of its contents in bytes.
    public var size: Int64
    /// Whether it is a regular file (code packages hold nothing else).
    public var isRegularFile: Bool
    /// Whether any execute bit is set.
    public var isExecutable: Bool

    /// Creates an entry description.
    public init(path: String, size: Int64, isRegularFile: Bool = true, isExecutable: Bool = false) {
        self.path = path
        self.size = size
        self.isRegularFile = isRegularFile
        self.isExecutable = isExecutable
    }
}

/// Reads an archive file one entry at a time (libarchive's streaming model:
/// archive_read(3)), with every return code checked.
///
/// Any compression and tar variant libarchive knows is accepted, so a package
/// repacked by hand with GNU tar still reads.
///
/// ```swift
/// let reader = try ArchiveReader(path: tarball)
/// while let entry = try reader.nextEntry() {
///     let bytes = try reader.readContents()
/// }
/// ```
public final class ArchiveReader {
    /// The archive file.
    public let path: String
    private let handle: OpaquePointer

    /// Opens the archive at `path`.
    /// - Throws: ``ArchiveError`` when it cannot be opened or is not an archive.
    public init(path: String) throws(ArchiveError) {
        guard let handle = archive_read_new() else {
            throw ArchiveError(operation: "read the archive", path: path, reason: "out of memory")
        }
        self.handle = handle
        self.path = path
        try ArchiveCall.check(archive_read_support_filter_all(handle), handle, "set up decompression", path: path)
        try ArchiveCall.check(archive_read_support_format_tar(handle), handle, "set up tar reading", path: path)
        try ArchiveCall.check(archive_read_open_filename(handle, path, 64 << 10), handle, "open the archive", path: path)
    }

    deinit {
        archive_read_free(handle)
    }

    /// Moves to the next entry; nil at the end of the archive.
    ///
    /// The previous entry's unread contents are skipped.
    /// - Throws: ``ArchiveError`` for a damaged or truncated archive.
    public func nextEntry() throws(ArchiveError) -> ArchiveEntry? {
        var entry: OpaquePointer?
        let code = archive_read_next_header(handle, &entry)
        if code == ARCHIVE_EOF { return nil }
        try ArchiveCall.check(code, handle, "read the next entry", path: path)
        guard let entry else { throw ArchiveError(operation: "read the next entry", path: path, reason: "libarchive gave no entry") }
        let name = archive_entry_pathname_utf8(entry) ?? archive_entry_pathname(entry)
        let mode = archive_entry_mode(entry)
        return ArchiveEntry(path: name.map { String(cString: $0) } ?? "", size: archive_entry_size(entry),
                            isRegularFile: archive_entry_filetype(entry) == 0o100000, isExecutable: mode & 0o111 != 0)
    }

    /// Passes the current entry's contents to `body`, chunk by chunk, in order.
    /// - Throws: ``ArchiveError`` when the data is damaged or has holes (a
    ///   sparse entry, which code packages never hold); `body`'s errors.
    public func readContents(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        var offset: Int64 = 0
        while true {
            var buffer: UnsafeRawPointer?
            var size = 0
            var blockOffset: la_int64_t = 0
            let code = archive_read_data_block(handle, &buffer, &size, &blockOffset)
            if code == ARCHIVE_EOF { return }
            try ArchiveCall.check(code, handle, "read an entry's contents", path: path)
            guard blockOffset == offset else {
                throw ArchiveError(operation: "read an entry's contents", path: path,
                                   reason: "the entry is sparse (data at offset \(blockOffset), expected \(offset))")
            }
            try body(UnsafeRawBufferPointer(start: buffer, count: size))
            offset += Int64(size)
        }
    }

    /// The current entry's contents.
    public func readContents() throws -> [UInt8] {
        var bytes: [UInt8] = []
        try readContents { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// Every entry of the archive at `path`, in archive order.
    public static func entries(path: String) throws -> [ArchiveEntry] {
        let reader = try ArchiveReader(path: path)
        var entries: [ArchiveEntry] = []
        while let entry = try reader.nextEntry() { entries.append(entry) }
        return entries
    }

    /// The contents of the entry named `member`, or nil when there is none.
    public static func contents(of member: String, inArchiveAt path: String) throws -> [UInt8]? {
        let reader = try ArchiveReader(path: path)
        while let entry = try reader.nextEntry() {
            if entry.path == member || entry.path == "./" + member { return try reader.readContents() }
        }
        return nil
    }
}
