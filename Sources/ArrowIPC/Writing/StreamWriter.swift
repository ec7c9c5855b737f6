/// Writes record batches in the Arrow IPC streaming format (".arrows"):
/// the Schema message, then per batch its dictionaries and the batch, then
/// the end-of-stream marker (notes §1).
///
/// ```swift
/// let sink = try FileSink(path: "table.arrows")
/// let writer = try StreamWriter(sink: sink, schema: schema)
/// for batch in batches { try writer.write(batch) }
/// try writer.finish()
/// try sink.close()
/// ```
///
/// A later batch may carry a different dictionary for a field: the writer
/// sends a delta when the old values are a prefix of the new ones and a
/// replacement otherwise.
public final class StreamWriter {
    private let core: IPCWriterCore
    private let sink: any ByteSink
    private var batchCount = 0

    /// Writes the Schema message.
    ///
    /// - Throws: `ArrowIPCError`: `.invalidArgument` for options or a type the
    ///   format cannot hold, `.io` from the sink.
    public init(sink: any ByteSink, schema: Schema, options: WriteOptions = .init()) throws(ArrowIPCError) {
        self.sink = sink
        core = try IPCWriterCore(sink: sink, schema: schema, options: options, format: .stream)
    }

    /// Writes `batch`, preceded by any dictionary it needs.
    ///
    /// - Throws: `ArrowIPCError`: `.invalidArgument` when the batch's fields
    ///   differ from the schema's (nothing is written then), `.compression`
    ///   or `.io` while writing.
    public func write(_ batch: RecordBatch) throws(ArrowIPCError) {
        try core.write(batch, index: batchCount)
        batchCount += 1
    }

    /// Writes the end-of-stream marker and flushes the sink (it does not
    /// close it).
    public func finish() throws(ArrowIPCError) {
        try core.writeEndOfStream()
        try core.writing { () throws(ArrowIPCError) in try sink.flush() }
        core.markFinished()
    }
}
