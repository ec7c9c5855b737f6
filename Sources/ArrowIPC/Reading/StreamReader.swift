/// Reads the Arrow IPC stream format: a Schema message, then dictionary
/// batches and record batches in any order, then an optional end-of-stream
/// marker (notes §1).
///
/// Accepts both framings (with the `ff ff ff ff` continuation marker and the
/// legacy one without), a missing end-of-stream marker, dictionary
/// replacements and deltas, and LZ4_FRAME or ZSTD compressed bodies.
///
/// ```swift
/// var reader = try StreamReader(bytes: try MappedFile.map(path: "data.arrows"))
/// while let batch = try reader.next() { print(batch.length) }
/// ```
public struct StreamReader: Sendable {
    /// The schema from the stream's first message.
    public let schema: Schema
    private let decodedSchema: DecodedSchema
    private var messages: MessageReader
    private var dictionaries: DictionaryMemo
    private var batchCount = 0
    private var dictionaryBatchCount = 0
    /// The first error `next()` threw; every later call throws it again, so a
    /// batch is never decoded against a dictionary that failed to update.
    private var failure: ArrowIPCError?

    /// Reads the Schema message at the start of `bytes`.
    ///
    /// - Throws: `ArrowIPCError` when the bytes do not start with a valid
    ///   Schema message, or the schema uses a type this library does not support.
    public init(bytes: ByteBuffer) throws(ArrowIPCError) {
        var messages = MessageReader(bytes: bytes)
        guard let first = try messages.next() else {
            throw .invalid("the stream ends before its Schema message")
        }
        guard case .schema(let decoded) = first.metadata.header else {
            throw ArrowIPCError.invalid("the stream starts with a \(first.metadata.header.kind) message instead of a Schema")
                .adding(context: "message 0 at offset 0")
        }
        decodedSchema = decoded
        schema = decoded.schema
        dictionaries = try DictionaryMemo(schema: decoded)
        self.messages = messages
    }

    /// The next record batch, after applying the dictionary batches before
    /// it; nil at the end of the stream.
    ///
    /// - Throws: `ArrowIPCError` in the context "record batch N" or
    ///   "dictionary batch N (id K)" for bad data, or "message N at offset X"
    ///   for bad framing and metadata. Once it has thrown, it throws the same
    ///   error on every later call.
    public mutating func next() throws(ArrowIPCError) -> RecordBatch? {
        if let failure { throw failure }
        do {
            return try readNext()
        } catch {
            failure = error
            throw error
        }
    }

    private mutating func readNext() throws(ArrowIPCError) -> RecordBatch? {
        while let message = try messages.next() {
            switch message.metadata.header {
            case .schema:
                throw ArrowIPCError.invalid("a second Schema message appears in the stream")
                    .adding(context: "message \(messages.count - 1) at offset \(message.offset)")
            case .dictionaryBatch(let batch):
                let place = "dictionary batch \(dictionaryBatchCount) (id \(batch.id))"
                try inContext(place) { () throws(ArrowIPCError) in
                    try dictionaries.apply(batch, body: message.body, allowsReplacement: true)
                }
                dictionaryBatchCount += 1
            case .recordBatch(let header):
                let batch = try inContext("record batch \(batchCount)") { () throws(ArrowIPCError) in
                    try BatchDecoder.decodeBatch(decodedSchema, header: header, body: message.body, dictionaries: dictionaries)
                }
                batchCount += 1
                return batch
            }
        }
        return nil
    }

    /// Every remaining record batch.
    public mutating func readAll() throws(ArrowIPCError) -> [RecordBatch] {
        var batches: [RecordBatch] = []
        while let batch = try next() { batches.append(batch) }
        return batches
    }
}
