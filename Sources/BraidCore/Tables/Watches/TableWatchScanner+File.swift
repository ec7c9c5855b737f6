import ArrowIPC
import Glibc

extension TableWatchScanner {
    /// Reads the watched file when its identity changed, and lands its content when that changed too.
    func scanFile(_ start: TableWatch, _ report: inout WatchScanReport) throws {
        var watch = start
        report.directories = [SystemFile.parentDirectory(of: watch.path)]
        let identity: WatchedFile.Identity
        do throws(SystemError) {
            let entry = try LocationFiles.status(watch.path)
            guard entry.isRegularFile else { throw SystemError("open \(watch.path)", entry.isDirectory ? EISDIR : EINVAL) }
            identity = entry.identity
        } catch {
            report.problem = Self.unavailable(watch, error)
            return
        }
        let state = FileWatchState(watch.state)
        guard WatchedFile.needsReading(identity, state: state) else { return }
        let content: FileContent
        do {
            content = try read(watch)
        } catch let error as SystemError {
            report.problem = Self.unavailable(watch, error)
            return
        } catch {
            report.problem = WatchProblem(.unrecordable, key: "unreadable \(identity)",
                                          message: "table \(watch.name): \(error); not recorded, and read again when the file changes")
            return
        }
        let seen = FileWatchState(identity: content.identity, fingerprint: content.fingerprint)
        guard WatchedFile.isNewContent(content.fingerprint, state: state) else {
            _ = try record(&watch, state: seen.json, landing: nil, &report)
            return
        }
        let landing = NewTableVersion(name: watch.name, rows: content.rows, schema: content.schema, fingerprint: content.fingerprint,
                                      how: TableWatch.Kind.file.rawValue, object: content.object, location: watch.path,
                                      commit: String(content.fingerprint.prefix(12)), publisher: publisher)
        _ = try record(&watch, state: seen.json, landing: landing, &report)
    }

    /// What a read of the watched file found.
    struct FileContent {
        /// The identity of the file the bytes came from (the one open while reading).
        var identity: WatchedFile.Identity
        var fingerprint: String
        var rows: Int64
        var schema: JSONValue
        /// The stored Arrow file; nil for Parquet, which stays where it is.
        var object: (hash: String, size: Int64)?
    }

    /// Copies the file into the spool and stores it as Arrow (Arrow IPC file: as is; stream or CSV:
    /// converted); a Parquet file is only hashed. The copy is what is checked and stored, so a rename
    /// onto the name while it is read cannot mix two versions.
    /// - Throws: `SystemError` when the file cannot be opened or read; ``TableError`` when it is not what its name says.
    private func read(_ watch: TableWatch) throws -> FileContent {
        let format = WatchedFile.format(of: watch.path)
        if format == .parquet {
            let file = try SystemFile(path: watch.path, flags: O_RDONLY)
            var info = stat()
            guard fstat(file.descriptor, &info) == 0 else { throw SystemError("stat \(watch.path)", errno) }
            let identity = WatchedFile.Identity(inode: UInt64(info.st_ino), size: Int64(info.st_size),
                                                modified: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec))
            return FileContent(identity: identity, fingerprint: try ObjectHash.of(file).hex, rows: 0, schema: .array([]), object: nil)
        }
        try SystemCalls.makeDirectories(layout.spoolDirectory)
        let copy = spoolPath("copy")
        defer { unlink(copy) }
        let source = try LocationFiles.copy(watch.path, to: copy)
        let table: ArrowTable
        do {
            if format == .csv {
                table = try CSVTable.read(try LocationFiles.read(copy), source: watch.path)
            } else {
                table = try ArrowTable.read(path: copy)
            }
        } catch {
            throw TableError(format == .csv ? "\(error)" : "\(watch.path) is not a readable Arrow IPC file or stream: \(error)")
        }
        var stored = copy
        if format == .csv || table.format == .stream {
            stored = spoolPath("arrow")
            try Self.writeArrowFile(table, to: stored)
        }
        defer { unlink(stored) }
        let object = try ObjectStore(layout: layout).ingest(spoolFile: stored, requiresMetadata: false)
        return FileContent(identity: source.identity, fingerprint: object.hash, rows: Int64(table.rowCount),
                           schema: TableSchemaText.json(table.schema), object: object)
    }

    private func spoolPath(_ label: String) -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return "\(layout.spoolDirectory)/watch-\(getpid())-\(now.tv_sec)\(now.tv_nsec)-\(label).arrow"
    }

    private static func writeArrowFile(_ table: ArrowTable, to path: String) throws {
        let sink = try FileSink(path: path)
        let writer = try FileWriter(sink: sink, schema: table.schema, options: WriteOptions(), metadata: table.metadata)
        for batch in table.batches { try writer.write(batch) }
        try writer.finish()
        try sink.close()
    }
}
