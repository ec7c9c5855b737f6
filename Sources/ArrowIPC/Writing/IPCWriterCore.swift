/// What `StreamWriter` and `FileWriter` share: the Schema message, the
/// dictionary bookkeeping, and one RecordBatch message per batch, each
/// preceded by the DictionaryBatch messages it needs.
final class IPCWriterCore {
    let schema: Schema
    private let messages: MessageWriter
    private let encoder: BatchEncoder
    private var dictionaries: DictionaryTracker
    private let columnNames: [String]
    private(set) var dictionaryBlocks: [FooterEncoding.Block] = []
    private(set) var recordBatchBlocks: [FooterEncoding.Block] = []
    private var state = State.open

    private enum State {
        case open, finished
        /// A write failed part-way: the output is truncated and stays so.
        case failed(ArrowIPCError)
    }

    /// Checks the options and the schema, then writes `preamble` (the file
    /// magic) and the Schema message; nothing is written when a check fails.
    init(sink: any ByteSink, schema: Schema, options: WriteOptions, format: IPCFormat,
         preamble: [UInt8] = []) throws(ArrowIPCError) {
        try options.validate()
        self.schema = schema
        messages = MessageWriter(sink: sink)  // before the preamble: offsets count from the magic
        encoder = BatchEncoder(alignment: options.alignment,
                               compressor: try options.compression.map { (codec) throws(ArrowIPCError) in try BodyCompressor(codec: codec) })
        dictionaries = DictionaryTracker(allowsReplacement: format == .stream)
        columnNames = schema.fields.map(\.name)
        let metadata = try inContext("schema") { () throws(ArrowIPCError) in try MessageEncoding.schema(schema) }
        if !preamble.isEmpty { try sink.write(preamble) }
        _ = try messages.write(metadata: metadata, body: nil)
    }

    /// Writes `batch` and the dictionaries it needs first.
    ///
    /// Everything is encoded (and compressed) before the first byte goes
    /// out, so an invalid batch leaves the output as it was and the writer
    /// usable; a failure while writing leaves the writer failed.
    func write(_ batch: RecordBatch, index: Int) throws(ArrowIPCError) {
        try checkOpen()
        try inContext("record batch \(index)") { () throws(ArrowIPCError) in
            try checkSchema(of: batch)
            var tracker = dictionaries
            let updates = try tracker.updates(for: batch.columns, names: columnNames)
            var dictionaryMessages: [(metadata: [UInt8], body: EncodedBatch)] = []
            for update in updates {
                let body = try inContext("dictionary \(update.id)") { () throws(ArrowIPCError) in
                    try encoder.encode([update.values], length: update.values.length, names: ["values"])
                }
                dictionaryMessages.append((MessageEncoding.dictionaryBatch(id: update.id, body, isDelta: update.isDelta), body))
            }
            let body = try encoder.encode(batch.columns, length: batch.length, names: columnNames)
            let metadata = MessageEncoding.recordBatch(body)
            dictionaries = tracker
            try writing { () throws(ArrowIPCError) in
                for message in dictionaryMessages {
                    dictionaryBlocks.append(try messages.write(metadata: message.metadata, body: message.body))
                }
                recordBatchBlocks.append(try messages.write(metadata: metadata, body: body))
            }
        }
    }

    /// Writes the end-of-stream marker (the caller then calls `markFinished()`).
    func writeEndOfStream() throws(ArrowIPCError) {
        try checkOpen()
        try writing { () throws(ArrowIPCError) in try messages.writeEndOfStream() }
    }

    /// Runs `body`, which writes to the sink; a failure poisons the writer.
    func writing(_ body: () throws(ArrowIPCError) -> Void) throws(ArrowIPCError) {
        do {
            try body()
        } catch {
            state = .failed(error)
            throw error
        }
    }

    func markFinished() {
        if case .open = state { state = .finished }
    }

    private func checkOpen() throws(ArrowIPCError) {
        switch state {
        case .open: return
        case .finished: throw .invalidArgument("the writer is finished; no more batches can be written")
        case .failed(let error):
            throw .invalidArgument("an earlier write failed, so the output is incomplete (\(error))")
        }
    }

    /// A batch must have the writer's fields (names, types, nullability and
    /// field metadata); schema-level metadata may differ, as in pyarrow.
    private func checkSchema(of batch: RecordBatch) throws(ArrowIPCError) {
        let (expected, actual) = (schema.fields, batch.schema.fields)
        guard expected != actual else { return }
        guard expected.count == actual.count else {
            throw .invalidArgument("the batch has \(actual.count) fields, the writer's schema \(expected.count)")
        }
        let i = expected.indices.first { expected[$0] != actual[$0] }!
        throw .invalidArgument("field \(i) of the batch is \(describe(actual[i])), the writer's schema has \(describe(expected[i]))")
    }

    private func describe(_ field: Field) -> String {
        let nullability = field.isNullable ? "" : " not null"
        let metadata = field.metadata.isEmpty ? "" : " with metadata \(field.metadata.map { "\($0.key)=\($0.value)" })"
        return "'\(field.name)': \(field.type)\(nullability)\(metadata)"
    }
}
