/// Builds the columns of one record batch (or one dictionary batch) from its
/// `RecordBatch` header and body.
///
/// Fields are visited depth first, parent before children (notes §4.1); each
/// takes one `FieldNode` and the buffers its layout has, in order:
///
/// | layout | buffers | children |
/// | --- | --- | --- |
/// | null | none | – |
/// | bool, fixed width | validity, values | – |
/// | utf8, binary (and large) | validity, offsets, data | – |
/// | list (and large) | validity, offsets | 1 |
/// | fixed-size list, struct | validity | 1 / one per field |
/// | dictionary-encoded | validity, indices | – (values in the dictionary batch) |
///
/// Buffers of an uncompressed body are slices of it (no copy), so reading a
/// table costs O(number of buffers) here; `Column.init` then checks sizes in
/// O(1) per buffer and dictionary indices in O(rows).
struct BatchDecoder {
    private let header: RecordBatchHeader
    private let body: ByteBuffer
    private let dictionaries: DictionaryMemo
    private let decompressor: BodyDecompressor?
    private var nodeIndex = 0
    private var bufferIndex = 0

    private init(header: RecordBatchHeader, body: ByteBuffer, dictionaries: DictionaryMemo) throws(ArrowIPCError) {
        self.header = header
        self.body = body
        self.dictionaries = dictionaries
        decompressor = try header.compression.map { (codec) throws(ArrowIPCError) in try BodyDecompressor(codec: codec) }
    }

    /// Decodes one column per field, each `header.length` rows long.
    ///
    /// - Parameters:
    ///   - dictionaries: the dictionaries that dictionary-encoded fields refer to.
    /// - Throws: `ArrowIPCError` in the context "column 'name' (i)" (and
    ///   "buffer k" for a buffer), or when the header has more or fewer nodes
    ///   and buffers than the fields use.
    static func decodeColumns(
        _ fields: [DecodedField], header: RecordBatchHeader, body: ByteBuffer, dictionaries: DictionaryMemo
    ) throws(ArrowIPCError) -> [Column] {
        var decoder = try BatchDecoder(header: header, body: body, dictionaries: dictionaries)
        var columns: [Column] = []
        columns.reserveCapacity(fields.count)
        for (i, field) in fields.enumerated() {
            let column = try inContext("column '\(field.field.name)' (\(i))") { () throws(ArrowIPCError) in
                let column = try decoder.column(field)
                guard column.length == header.length else {
                    throw .invalid("the column has \(column.length) rows, the record batch \(header.length)")
                }
                return column
            }
            columns.append(column)
        }
        guard decoder.nodeIndex == header.nodes.count else {
            throw .invalid("the record batch has \(header.nodes.count) field nodes, the schema uses \(decoder.nodeIndex)")
        }
        guard decoder.bufferIndex == header.buffers.count else {
            throw .invalid("the record batch has \(header.buffers.count) buffers, the schema uses \(decoder.bufferIndex)")
        }
        return columns
    }

    /// Decodes a record batch of `schema`.
    static func decodeBatch(
        _ schema: DecodedSchema, header: RecordBatchHeader, body: ByteBuffer, dictionaries: DictionaryMemo
    ) throws(ArrowIPCError) -> RecordBatch {
        let columns = try decodeColumns(schema.fields, header: header, body: body, dictionaries: dictionaries)
        return try RecordBatch(schema: schema.schema, columns: columns, length: header.length)
    }

    // MARK: - Fields

    private mutating func column(_ decoded: DecodedField) throws(ArrowIPCError) -> Column {
        let type = decoded.field.type
        let node = try takeNode()
        if case .null = type {
            return try Column(type: .null, length: node.length, nullCount: node.length)
        }
        let validity = try takeValidity(node)
        var buffers: [ByteBuffer] = []
        var children: [Column] = []
        var dictionary: Column?
        switch type {
        case .null:
            break
        case .bool, .int, .float16, .float32, .float64, .date32, .date64, .time32, .time64, .timestamp, .duration:
            buffers = [try takeBuffer()]
        case .utf8, .largeUtf8, .binary, .largeBinary:
            buffers = [try takeBuffer(), try takeBuffer()]
        case .list, .largeList:
            buffers = [try takeBuffer()]
            children = try childColumns(decoded)
        case .fixedSizeList, .struct:
            children = try childColumns(decoded)
        case .dictionary:
            buffers = [try takeBuffer()]
            guard let id = decoded.dictionaryID else {
                throw .invalid("the dictionary-encoded field has no dictionary id")
            }
            dictionary = try dictionaries.dictionary(id: id)
        }
        return try Column(type: type, length: node.length, nullCount: node.nullCount, validity: validity,
                          buffers: buffers, children: children, dictionary: dictionary)
    }

    private mutating func childColumns(_ decoded: DecodedField) throws(ArrowIPCError) -> [Column] {
        var children: [Column] = []
        for child in decoded.children {
            children.append(try inContext("child '\(child.field.name)'") { () throws(ArrowIPCError) in try column(child) })
        }
        return children
    }

    // MARK: - Nodes and buffers

    private mutating func takeNode() throws(ArrowIPCError) -> FieldNode {
        guard nodeIndex < header.nodes.count else {
            throw .invalid("the schema needs more than the \(header.nodes.count) field nodes of the record batch")
        }
        defer { nodeIndex += 1 }
        return header.nodes[nodeIndex]
    }

    /// The validity bitmap, or nil when the node has no nulls: readers must
    /// then ignore the buffer whatever its offset and length (notes §4.2).
    private mutating func takeValidity(_ node: FieldNode) throws(ArrowIPCError) -> ByteBuffer? {
        guard node.nullCount != 0 else {
            try skipBuffer()
            return nil
        }
        return try takeBuffer()
    }

    private mutating func skipBuffer() throws(ArrowIPCError) {
        guard bufferIndex < header.buffers.count else { throw tooFewBuffers() }
        bufferIndex += 1
    }

    /// The next buffer as a slice of the body, decompressed if the body is.
    private mutating func takeBuffer() throws(ArrowIPCError) -> ByteBuffer {
        guard bufferIndex < header.buffers.count else { throw tooFewBuffers() }
        let index = bufferIndex
        bufferIndex += 1
        let location = header.buffers[index]
        return try inContext("buffer \(index)") { () throws(ArrowIPCError) in
            // Buffer.offset is relative to the body's start; offset + length must
            // lie within bodyLength (notes §4.3). Alignment is not required: every
            // load is unaligned.
            guard body.contains(offset: location.offset, length: location.length) else {
                throw .invalid("\(location.length) bytes at body offset \(location.offset) lie outside the \(body.count)-byte body")
            }
            let raw = try body.slice(offset: location.offset, count: location.length)
            return try decompressor?.decompress(raw) ?? raw
        }
    }

    private func tooFewBuffers() -> ArrowIPCError {
        .invalid("the schema needs more than the \(header.buffers.count) buffers of the record batch")
    }
}
