/// Decoding of the `Message`, `RecordBatch`, `DictionaryBatch` and
/// `BodyCompression` tables (`Message.fbs`; slots in the notes §3.4).
extension MessageMetadata {
    /// Decodes the `Message` flatbuffer that starts at the first byte of `bytes`
    /// (padding after it is allowed).
    ///
    /// - Throws: `.unsupported` for versions before V4 and for Tensor and
    ///   SparseTensor messages; `.invalidData` for anything malformed.
    init(decoding bytes: ByteBuffer) throws(ArrowIPCError) {
        let table = try FlatbufferTable.root(of: bytes, typeName: "Message")
        // An absent version reads as V1 and is rejected, as pyarrow does (notes §1).
        let version = try table.scalar(0, "version", default: Int16(0))
        try MetadataVersion.check(version, in: "Message")
        let (tag, headerTable) = try table.union(typeSlot: 1, "header") { tag in
            switch tag {
            case 1: "Schema"
            case 2: "DictionaryBatch"
            case 3: "RecordBatch"
            default: "MessageHeader \(tag)"
            }
        }
        let bodyLength = try table.scalar(3, "bodyLength", default: Int64(0))
        guard bodyLength >= 0 else { throw .invalid("Message.bodyLength is negative (\(bodyLength))") }
        let header: MessageHeader
        switch (tag, headerTable) {
        case (1, let schema?): header = .schema(try DecodedSchema(decoding: schema))
        case (2, let batch?): header = .dictionaryBatch(try DictionaryBatchHeader(decoding: batch))
        case (3, let batch?): header = .recordBatch(try RecordBatchHeader(decoding: batch))
        case (4, _): throw .unsupported("Tensor messages are not supported")
        case (5, _): throw .unsupported("SparseTensor messages are not supported")
        case (0, _): throw .invalid("Message.header is missing")
        default: throw .invalid("Message.header_type has the unknown value \(tag)")
        }
        let customMetadata = try [KeyValue](decoding: table, slot: 4, field: "custom_metadata")
        self.init(version: version, header: header, bodyLength: Int(bodyLength), customMetadata: customMetadata)
    }
}

extension RecordBatchHeader {
    /// Decodes a `RecordBatch` table: 0 length, 1 nodes, 2 buffers, 3
    /// compression, 4 variadicBufferCounts (only used by the view types, which
    /// the schema decoder already rejects).
    init(decoding table: FlatbufferTable) throws(ArrowIPCError) {
        let length = try table.scalar(0, "length", default: Int64(0))
        guard length >= 0 else { throw .invalid("RecordBatch.length is negative (\(length))") }
        guard let nodeVector = try table.vector(1, "nodes", elementSize: 16) else {
            throw .invalid("RecordBatch.nodes is missing")
        }
        guard let bufferVector = try table.vector(2, "buffers", elementSize: 16) else {
            throw .invalid("RecordBatch.buffers is missing")
        }
        // FieldNode: +0 i64 length, +8 i64 null_count. Buffer: +0 i64 offset, +8 i64 length.
        let nodes = nodeVector.map { i in
            FieldNode(length: Int(nodeVector.scalar(at: i, offset: 0, as: Int64.self)),
                      nullCount: Int(nodeVector.scalar(at: i, offset: 8, as: Int64.self)))
        }
        let buffers = bufferVector.map { i in
            BufferLocation(offset: Int(bufferVector.scalar(at: i, offset: 0, as: Int64.self)),
                           length: Int(bufferVector.scalar(at: i, offset: 8, as: Int64.self)))
        }
        var compression: CompressionCodec?
        if let compressionTable = try table.table(3, "compression", type: "BodyCompression") {
            compression = try CompressionCodec(decoding: compressionTable)
        }
        self.init(length: Int(length), nodes: nodes, buffers: buffers, compression: compression)
    }
}

extension CompressionCodec {
    /// Decodes a `BodyCompression` table: 0 codec (i8: 0 LZ4_FRAME, 1 ZSTD;
    /// default LZ4_FRAME, which is how pyarrow writes LZ4: an empty table), 1
    /// method (i8: 0 BUFFER, the only one defined).
    init(decoding table: FlatbufferTable) throws(ArrowIPCError) {
        let codec = try table.scalar(0, "codec", default: Int8(0))
        let method = try table.scalar(1, "method", default: Int8(0))
        guard method == 0 else { throw .unsupported("BodyCompression.method \(method) is not BUFFER") }
        switch codec {
        case 0: self = .lz4Frame
        case 1: self = .zstd
        default: throw .unsupported("BodyCompression.codec \(codec) is unknown")
        }
    }
}

extension DictionaryBatchHeader {
    /// Decodes a `DictionaryBatch` table: 0 id (i64, 0), 1 data (RecordBatch), 2 isDelta.
    init(decoding table: FlatbufferTable) throws(ArrowIPCError) {
        let id = try table.scalar(0, "id", default: Int64(0))
        let data = try RecordBatchHeader(decoding: table.requiredTable(1, "data", type: "RecordBatch"))
        let isDelta = try table.bool(2, "isDelta")
        self.init(id: id, data: data, isDelta: isDelta)
    }
}
