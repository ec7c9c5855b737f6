/// Writes record batches in the Arrow IPC file format (Feather v2,
/// ".arrow"): `ARROW1` and 2 padding bytes, the stream, then the footer
/// that lists every dictionary and record batch message, its length and
/// `ARROW1` again (notes §2).
///
/// ```swift
/// let sink = try FileSink(path: "table.arrow")
/// let writer = try FileWriter(sink: sink, schema: schema, metadata: [KeyValue("origin", "braid")])
/// try writer.write(batch)
/// try writer.finish()
/// try sink.close()
/// ```
///
/// A later batch may carry a dictionary that extends the earlier one (a
/// delta is written); any other change throws, because a file may hold
/// only one non-delta dictionary per id.
public final class FileWriter {
    private let core: IPCWriterCore
    private let sink: any ByteSink
    private let metadata: [KeyValue]
    private var batchCount = 0

    /// The file's first 8 bytes: magic and padding to 8.
    static let leadingMagic: [UInt8] = Array("ARROW1".utf8) + [0, 0]

    /// Writes the magic and the Schema message.
    ///
    /// - Parameter metadata: file-level custom metadata, stored in the footer
    ///   (pyarrow reads it as `open_file(...).metadata`).
    /// - Throws: `ArrowIPCError`: `.invalidArgument` for options or a type the
    ///   format cannot hold, `.io` from the sink.
    public init(sink: any ByteSink, schema: Schema, options: WriteOptions = .init(),
                metadata: [KeyValue] = []) throws(ArrowIPCError) {
        self.sink = sink
        self.metadata = metadata
        guard sink.bytesWritten % 8 == 0 else {
            throw .invalidArgument("a file must start on an 8-byte boundary of the sink, which holds \(sink.bytesWritten) bytes")
        }
        core = try IPCWriterCore(sink: sink, schema: schema, options: options, format: .file, preamble: Self.leadingMagic)
    }

    /// Writes `batch`, preceded by any dictionary it needs.
    ///
    /// - Throws: `ArrowIPCError`: `.invalidArgument` when the batch's fields
    ///   differ from the schema's or its dictionary replaces an earlier one
    ///   (nothing is written then), `.compression` or `.io` while writing.
    public func write(_ batch: RecordBatch) throws(ArrowIPCError) {
        try core.write(batch, index: batchCount)
        batchCount += 1
    }

    /// Writes the end-of-stream marker, the footer, its length and the
    /// closing magic, then flushes the sink (it does not close it).
    public func finish() throws(ArrowIPCError) {
        try core.writeEndOfStream()
        let footer = try FooterEncoding.footer(schema: core.schema, dictionaries: core.dictionaryBlocks,
                                               recordBatches: core.recordBatchBlocks, metadata: metadata)
        try core.writing { () throws(ArrowIPCError) in
            try sink.write(footer)
            try sink.write(withUnsafeBytes(of: Int32(footer.count).littleEndian) { Array($0) })
            try sink.write(Array("ARROW1".utf8))
            try sink.flush()
        }
        core.markFinished()
    }
}
