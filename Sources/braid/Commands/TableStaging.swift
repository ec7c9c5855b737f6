import ArrowIPC
import BraidCore
import Foundation

/// The one file a put stages in the spool before the object store takes it;
/// removed on every path that does not hand it over.
final class TableStaging {
    private(set) var path: String

    init(layout: StoreLayout) throws {
        try FileManager.default.createDirectory(atPath: layout.spoolDirectory, withIntermediateDirectories: true)
        path = "\(layout.spoolDirectory)/table-\(getpid())-\(UInt64(Date().timeIntervalSince1970 * 1e6)).arrow"
    }

    /// Writes `table` as an Arrow IPC file.
    func write(_ table: ArrowTable) throws {
        do {
            let sink = try FileSink(path: path)
            let writer = try FileWriter(sink: sink, schema: table.schema, options: WriteOptions(), metadata: table.metadata)
            for batch in table.batches { try writer.write(batch) }
            try writer.finish()
            try sink.close()
        } catch {
            throw CommandFailure("cannot stage the table in \(path): \(error)")
        }
    }

    /// Takes a file the client wrote into the spool.
    func adopt(_ file: String) throws {
        path = file
    }

    /// Copies an input file.
    func copy(_ file: String) throws {
        do {
            try FileManager.default.copyItem(atPath: file, toPath: path)
        } catch {
            throw CommandFailure("cannot copy \(file) into the store's spool: \(error.localizedDescription)")
        }
    }

    /// Removes the staged file if it is still there (the object store moved it away on success).
    func discard() {
        unlink(path)
    }
}
