/// Reads the Arrow IPC file format (Feather v2): `ARROW1`, padding, a
/// stream, the footer flatbuffer, its i32 length, `ARROW1` (notes §2).
///
/// Record batches are found through the footer's Blocks, so any one can be
/// read without the others. Every dictionary batch the footer lists is read
/// when the file is opened, as pyarrow does.
///
/// ```swift
/// let reader = try FileReader(path: "data.arrow")
/// for i in 0..<reader.batchCount { let batch = try reader.batch(at: i) }
/// ```
public struct FileReader: Sendable {
    /// The schema from the footer.
    public let schema: Schema
    /// The file-level custom metadata (the footer's custom_metadata).
    public let metadata: [KeyValue]
    private let bytes: ByteBuffer
    private let footer: FooterMetadata
    private let dictionaries: DictionaryMemo
    /// Where the footer flatbuffer begins; every message lies before it.
    private let footerStart: Int

    /// The bytes before and after the stream: "ARROW1" plus 2 bytes of padding
    /// at the start; the footer length and "ARROW1" at the end.
    private static let magic: [UInt8] = Array("ARROW1".utf8)

    /// The number of record batches.
    public var batchCount: Int { footer.recordBatches.count }

    /// Opens the file at `path` through a memory map: column data stays in
    /// the map, read in place.
    ///
    /// - Throws: `ArrowIPCError` in the context "file <path>".
    public init(path: String) throws(ArrowIPCError) {
        let bytes = try MappedFile.map(path: path)
        self = try inContext("file \(path)") { () throws(ArrowIPCError) in try FileReader(bytes: bytes) }
    }

    /// Reads the footer and the dictionaries of a file held in memory.
    public init(bytes: ByteBuffer) throws(ArrowIPCError) {
        let size = bytes.count
        guard size >= 18 else {
            throw .invalid("the file has \(size) bytes, too few for an Arrow file (magic, footer length, magic)")
        }
        guard FileReader.hasMagic(bytes, at: 0) else { throw .invalid("the file does not start with the magic bytes ARROW1") }
        guard FileReader.hasMagic(bytes, at: size - 6) else { throw .invalid("the file does not end with the magic bytes ARROW1") }
        let footerLength = Int(bytes.loadUnchecked(Int32.self, at: size - 10))
        guard footerLength > 0, footerLength <= size - 18 else {
            throw .invalid("the footer length \(footerLength) does not fit in the file of \(size) bytes")
        }
        let footerStart = size - 10 - footerLength
        self.footerStart = footerStart
        let footer = try inContext("footer") { () throws(ArrowIPCError) in
            try FooterMetadata(decoding: bytes.slice(offset: footerStart, count: footerLength))
        }
        var dictionaries = try DictionaryMemo(schema: footer.schema)
        for (i, block) in footer.dictionaries.enumerated() {
            let (batch, body) = try inContext("dictionary batch \(i)") { () throws(ArrowIPCError) in
                let message = try FileReader.readMessage(block, in: bytes, footerStart: footerStart)
                guard case .dictionaryBatch(let batch) = message.metadata.header else {
                    throw .invalid("the block at offset \(block.offset) holds a \(message.metadata.header.kind) message, not a DictionaryBatch")
                }
                return (batch, message.body)
            }
            try inContext("dictionary batch \(i) (id \(batch.id))") { () throws(ArrowIPCError) in
                try dictionaries.apply(batch, body: body, allowsReplacement: false)
            }
        }
        self.bytes = bytes
        self.footer = footer
        self.dictionaries = dictionaries
        schema = footer.schema.schema
        metadata = footer.customMetadata
    }

    /// Record batch `index`, read through its footer Block.
    ///
    /// - Throws: `.invalidArgument` for an index outside `0..<batchCount`;
    ///   otherwise `ArrowIPCError` in the context "record batch N".
    public func batch(at index: Int) throws(ArrowIPCError) -> RecordBatch {
        guard index >= 0, index < batchCount else {
            throw .invalidArgument("record batch \(index) does not exist; the file has \(batchCount)")
        }
        return try inContext("record batch \(index)") { () throws(ArrowIPCError) in
            let block = footer.recordBatches[index]
            let message = try FileReader.readMessage(block, in: bytes, footerStart: footerStart)
            guard case .recordBatch(let header) = message.metadata.header else {
                throw .invalid("the block at offset \(block.offset) holds a \(message.metadata.header.kind) message, not a RecordBatch")
            }
            return try BatchDecoder.decodeBatch(footer.schema, header: header, body: message.body, dictionaries: dictionaries)
        }
    }

    /// Every record batch, in footer order.
    public func readAll() throws(ArrowIPCError) -> [RecordBatch] {
        var batches: [RecordBatch] = []
        batches.reserveCapacity(batchCount)
        for i in 0..<batchCount { batches.append(try batch(at: i)) }
        return batches
    }

    // MARK: - Blocks

    /// The message a footer Block points to, after checking the Block: its
    /// three numbers are multiples of 8 (pyarrow: "Unaligned block in IPC
    /// file"), it lies between the leading magic and the footer,
    /// `metaDataLength` is the message's framing plus metadata, and
    /// `bodyLength` is the message's (pyarrow: "Mismatching body length").
    private static func readMessage(_ block: Block, in bytes: ByteBuffer, footerStart: Int) throws(ArrowIPCError) -> EncapsulatedMessage {
        let description = "the block (offset \(block.offset), metaDataLength \(block.metaDataLength), bodyLength \(block.bodyLength))"
        guard block.offset % 8 == 0, block.metaDataLength % 8 == 0, block.bodyLength % 8 == 0 else {
            throw .invalid("\(description) is not aligned to 8 bytes")
        }
        let (extent, overflow) = block.metaDataLength.addingReportingOverflow(block.bodyLength)
        guard block.offset >= 8, block.metaDataLength > 0, block.bodyLength >= 0, !overflow,
              block.offset <= footerStart, extent <= footerStart - block.offset else {
            throw .invalid("\(description) does not lie between the magic bytes and the footer at offset \(footerStart)")
        }
        let region = try bytes.slice(offset: block.offset, count: extent)
        let message = try inContext("message at offset \(block.offset)") { () throws(ArrowIPCError) in
            try MessageReader.message(in: region, at: 0)
        }
        guard let message else { throw .invalid("\(description) holds an end-of-stream marker, not a message") }
        guard message.metadataLength == block.metaDataLength else {
            throw .invalid("\(description) does not match the message's metadata length \(message.metadataLength)")
        }
        guard message.body.count == block.bodyLength else {
            throw .invalid("\(description) does not match the message's body length \(message.body.count)")
        }
        return message
    }

    private static func hasMagic(_ bytes: ByteBuffer, at offset: Int) -> Bool {
        magic.indices.allSatisfy { bytes[offset + $0] == magic[$0] }
    }
}
