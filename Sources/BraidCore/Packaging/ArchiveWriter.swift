import CArchive

/// Writes a gzip-compressed tar archive into memory, the same bytes for the same files.
///
/// One `final class` owns the `struct archive *` and frees it in `deinit`;
/// every libarchive call's return code is checked (``ArchiveCall``).
/// Determinism is what makes the code store content-addressed: identical
/// code must give identical bytes, so
/// - the tar format is POSIX pax in its restricted form, which adds an
///   extended header only for what ustar cannot hold (a long or non-ASCII
///   name), never times or ids (archive_write_set_format_pax_restricted(3));
/// - every entry gets the same owner (uid/gid 0, no names), the same
///   modification time (``fixedModificationTime``) and mode 0644 or 0755;
/// - the gzip header carries no timestamp (the `gzip:timestamp` filter
///   option, archive_write_set_options(3));
/// - the caller adds entries in a stable order (``CodePackage`` sorts them).
///
/// ```swift
/// let writer = try ArchiveWriter(label: "code of PricingFlow")
/// try writer.addFile(path: "flow.py", contents: bytes, isExecutable: false)
/// let tarball = try writer.finish()
/// ```
public final class ArchiveWriter {
    /// The modification time of every entry: 1980-01-01T00:00:00Z, the
    /// earliest a zip file can hold, as reproducible-build tools use.
    public static let fixedModificationTime = 315_532_800

    private let handle: OpaquePointer
    private let sink = MemorySink()
    private let label: String
    private var isFinished = false

    /// Opens an archive that writes into memory.
    /// - Parameter label: names the archive in errors (it has no path yet).
    /// - Throws: ``ArchiveError`` when libarchive cannot set up tar and gzip.
    public init(label: String) throws(ArchiveError) {
        guard let handle = archive_write_new() else {
            throw ArchiveError(operation: "create an archive", path: label, reason: "out of memory")
        }
        self.handle = handle
        self.label = label
        try ArchiveCall.check(archive_write_set_format_pax_restricted(handle), handle, "use the pax tar format", path: label)
        // Names are written as the UTF-8 bytes they are, whatever the process's locale:
        // libarchive would otherwise convert from the locale's charset, which under the
        // C locale cannot hold "café.py" (archive_write_format(3), pax "hdrcharset").
        try ArchiveCall.check(archive_write_set_format_option(handle, "pax", "hdrcharset", "BINARY"), handle,
                              "store names as bytes", path: label)
        try ArchiveCall.check(archive_write_add_filter_gzip(handle), handle, "add gzip compression", path: label)
        // A NULL value turns a boolean option off: no time in the gzip header.
        try ArchiveCall.check(archive_write_set_filter_option(handle, "gzip", "timestamp", nil), handle,
                              "leave the time out of the gzip header", path: label)
        // The last block is not padded to 10 KiB: the archive ends where the compressed data does.
        try ArchiveCall.check(archive_write_set_bytes_in_last_block(handle, 1), handle, "leave the last block unpadded", path: label)
        let context = Unmanaged.passUnretained(sink).toOpaque()
        try ArchiveCall.check(archive_write_open2(handle, context, nil, { _, context, buffer, count in
            guard let context, let buffer else { return -1 }
            Unmanaged<MemorySink>.fromOpaque(context).takeUnretainedValue()
                .append(UnsafeRawBufferPointer(start: buffer, count: count))
            return count
        }, nil, nil), handle, "open the archive for writing", path: label)
    }

    deinit {
        archive_write_free(handle)  // closes first if still open
    }

    /// Adds a regular file.
    /// - Parameters:
    ///   - path: its path inside the archive, relative, `/`-separated.
    ///   - contents: its bytes.
    ///   - isExecutable: stores mode 0755 instead of 0644.
    /// - Throws: ``ArchiveError`` naming the entry.
    public func addFile(path: String, contents: UnsafeRawBufferPointer, isExecutable: Bool) throws(ArchiveError) {
        precondition(!isFinished, "addFile after finish")
        guard let entry = archive_entry_new() else {
            throw ArchiveError(operation: "make the entry \(path)", path: label, reason: "out of memory")
        }
        defer { archive_entry_free(entry) }
        archive_entry_set_pathname(entry, path)
        archive_entry_set_filetype(entry, 0o100000)  // AE_IFREG: a cast macro Swift does not import
        archive_entry_set_perm(entry, isExecutable ? 0o755 : 0o644)
        archive_entry_set_size(entry, Int64(contents.count))
        archive_entry_set_mtime(entry, Self.fixedModificationTime, 0)
        archive_entry_set_uid(entry, 0)
        archive_entry_set_gid(entry, 0)
        try ArchiveCall.check(archive_write_header(handle, entry), handle, "write the header of \(path)", path: label)
        if let base = contents.baseAddress, contents.count > 0 {
            let written = archive_write_data(handle, base, contents.count)
            guard written == contents.count else {
                throw written < 0 ? ArchiveCall.error(Int32(written), handle, "write the contents of \(path)", path: label)
                    : ArchiveError(operation: "write the contents of \(path)", path: label,
                                   reason: "libarchive took \(written) of \(contents.count) bytes")
            }
        }
    }

    /// Ends the archive and returns its bytes.
    /// - Throws: ``ArchiveError`` when the compressor cannot finish.
    public func finish() throws(ArchiveError) -> [UInt8] {
        precondition(!isFinished, "finish called twice")
        isFinished = true
        try ArchiveCall.check(archive_write_close(handle), handle, "finish the archive", path: label)
        return sink.bytes
    }
}

/// Collects what libarchive's write callback is given.
private final class MemorySink {
    var bytes: [UInt8] = []

    func append(_ chunk: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: chunk)
    }
}
