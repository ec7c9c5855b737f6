/// Which of the two Arrow IPC formats some bytes are in.
public enum IPCFormat: Sendable, Equatable {
    /// The file format (Feather v2, ".arrow"): framed by "ARROW1", with a footer.
    case file
    /// The stream format (".arrows"): messages only.
    case stream
}

/// A whole Arrow IPC file or stream read into memory: its schema and every
/// record batch, with column data left in place (in the memory map when read
/// from a path).
///
/// ```swift
/// let table = try ArrowTable.read(path: "scores.arrow")
/// print(table.schema.fields.map(\.name), table.rowCount)
/// ```
public struct ArrowTable: Sendable {
    /// The schema (from a file's footer, or a stream's first message).
    public let schema: Schema
    /// The record batches in order; each has `schema`.
    public let batches: [RecordBatch]
    /// The file-level custom metadata of a file's footer; empty for a stream
    /// (a stream has no footer; schema-level metadata is in `schema.metadata`).
    public let metadata: [KeyValue]
    /// Whether the bytes were a file or a stream.
    public let format: IPCFormat

    /// A table from parts already read (e.g. batch by batch).
    public init(schema: Schema, batches: [RecordBatch], metadata: [KeyValue] = [], format: IPCFormat) {
        self.schema = schema
        self.batches = batches
        self.metadata = metadata
        self.format = format
    }

    /// The number of rows in all batches (saturating at `Int.max`, which only
    /// a corrupt or adversarial file of null columns could reach).
    public var rowCount: Int {
        var total = 0
        for batch in batches {
            let (sum, overflow) = total.addingReportingOverflow(batch.length)
            total = overflow ? Int.max : sum
        }
        return total
    }

    /// Reads the file or stream at `path` through a memory map.
    ///
    /// - Throws: `ArrowIPCError` in the context "file <path>".
    public static func read(path: String) throws(ArrowIPCError) -> ArrowTable {
        let bytes = try MappedFile.map(path: path)
        return try inContext("file \(path)") { () throws(ArrowIPCError) in try read(bytes: bytes) }
    }

    /// Reads a file or stream held in memory; bytes that start with "ARROW1"
    /// are read as a file, anything else as a stream.
    public static func read(bytes: ByteBuffer) throws(ArrowIPCError) -> ArrowTable {
        if format(of: bytes) == .file {
            let reader = try FileReader(bytes: bytes)
            return ArrowTable(schema: reader.schema, batches: try reader.readAll(), metadata: reader.metadata, format: .file)
        }
        var reader = try StreamReader(bytes: bytes)
        return ArrowTable(schema: reader.schema, batches: try reader.readAll(), format: .stream)
    }

    /// `.file` when the bytes start with the file format's magic "ARROW1".
    public static func format(of bytes: ByteBuffer) -> IPCFormat {
        Array("ARROW1".utf8).enumerated().allSatisfy { bytes[$0.offset] == $0.element } ? .file : .stream
    }
}
