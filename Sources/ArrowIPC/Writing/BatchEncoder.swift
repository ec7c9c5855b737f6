/// Flattens columns into the nodes and buffers of a `RecordBatch` message
/// (notes §4.1) and places the buffers in the body (§4.3).
///
/// Columns are walked depth first, parent before children. A buffer is
/// written as far as the node's length needs (a column taken from a larger
/// allocation is not written whole), and its bytes are never copied unless
/// they are compressed. What is *not* changed: offsets that do not start at
/// 0 stay as they are (readers accept them), so the data before the first
/// offset is written too.
struct BatchEncoder {
    /// The boundary each buffer starts on (8 or 64).
    let alignment: Int
    let compressor: BodyCompressor?

    /// Encodes the first `length` rows of `columns`.
    ///
    /// - Parameter names: the columns' names, for error messages.
    /// - Throws: `ArrowIPCError` from compression, naming the column and buffer.
    func encode(_ columns: [Column], length: Int, names: [String]) throws(ArrowIPCError) -> EncodedBatch {
        var flat = Flattened()
        var firstBufferOfColumn: [Int] = []
        for column in columns {
            firstBufferOfColumn.append(flat.buffers.count)
            flat.append(column, length: length)
        }
        var batch = EncodedBatch(length: length, nodes: flat.nodes)
        batch.codec = compressor?.codec
        var position = 0
        for (index, raw) in flat.buffers.enumerated() {
            var prefix: Int64? = nil
            var bytes = raw
            if let compressor {
                let output = try inContext(Self.place(ofBuffer: index, firstBufferOfColumn, names)) {
                    () throws(ArrowIPCError) in try compressor.compress(raw)
                }
                (prefix, bytes) = (output.prefix, output.bytes)
            }
            let size = bytes.count + (prefix == nil ? 0 : 8)
            batch.buffers.append(EncodedBatch.BufferLocation(offset: position, length: size))
            guard size > 0 else { continue }
            let padding = (alignment - size % alignment) % alignment
            batch.pieces.append(EncodedBatch.BodyPiece(prefix: prefix, bytes: bytes, padding: padding))
            position += size + padding
        }
        batch.bodyLength = position
        return batch
    }

    /// "column 2 ('name'), buffer 5" for the buffer at `index` of the batch.
    private static func place(ofBuffer index: Int, _ firstBufferOfColumn: [Int], _ names: [String]) -> String {
        let column = (firstBufferOfColumn.lastIndex { $0 <= index }) ?? 0
        let name = column < names.count ? names[column] : "?"
        return "column \(column) ('\(name)'), buffer \(index)"
    }
}

/// The pre-order walk: nodes and the raw buffers, before placement.
private struct Flattened {
    var nodes: [EncodedBatch.FieldNode] = []
    var buffers: [ByteBuffer] = []

    /// Appends the first `n` rows of `column` (n ≤ column.length).
    mutating func append(_ column: Column, length n: Int) {
        if case .null = column.type {
            // No buffers; pyarrow writes null_count = length (notes §4.1).
            nodes.append(.init(length: n, nullCount: n))
            return
        }
        appendValidity(column, length: n)
        switch column.type {
        case .null:
            break
        case .bool:
            buffers.append(prefix(column.buffers[0], Column.bitmapByteCount(n)))
        case .int, .float16, .float32, .float64, .date32, .date64, .time32, .time64, .timestamp, .duration:
            buffers.append(prefix(column.buffers[0], n * column.type.byteWidth!))
        case .dictionary(let dictionaryType):
            // Only the indices: the values travel in a DictionaryBatch.
            buffers.append(prefix(column.buffers[0], n * dictionaryType.indexType.bitWidth / 8))
        case .utf8, .binary:
            let end = appendOffsets(column, length: n, width: 4)
            buffers.append(prefix(column.buffers[1], end))
        case .largeUtf8, .largeBinary:
            let end = appendOffsets(column, length: n, width: 8)
            buffers.append(prefix(column.buffers[1], end))
        case .list:
            let end = appendOffsets(column, length: n, width: 4)
            append(column.children[0], length: end)
        case .largeList:
            let end = appendOffsets(column, length: n, width: 8)
            append(column.children[0], length: end)
        case .fixedSizeList(_, let listSize):
            append(column.children[0], length: n * listSize)
        case .struct:
            for child in column.children { append(child, length: n) }
        }
    }

    /// The node, and the validity buffer: empty when nothing is null. The
    /// null count is recounted from the bitmap, so it is exact for the rows
    /// written (`validate(full=True)` checks it, notes §4.2).
    private mutating func appendValidity(_ column: Column, length n: Int) {
        var nulls = 0
        if let validity = column.validity, column.nullCount > 0 {
            nulls = n - validity.setBitCount(firstBits: n)
        }
        nodes.append(.init(length: n, nullCount: nulls))
        buffers.append(nulls > 0 ? prefix(column.validity!, Column.bitmapByteCount(n)) : ByteBuffer())
    }

    /// Appends the `n + 1` offsets and returns the last one (where the data
    /// or child rows end). A zero-row column without offsets gets a single 0,
    /// as pyarrow writes (notes §4.2).
    private mutating func appendOffsets(_ column: Column, length n: Int, width: Int) -> Int {
        let needed = (n + 1) * width
        guard column.buffers[0].count >= needed else {
            // Only a zero-row column may lack its offsets (`Column.init` checks).
            buffers.append(ZeroBlock.buffer(count: width))
            return 0
        }
        buffers.append(prefix(column.buffers[0], needed))
        return column.offset(at: n, width: width)
    }

    private func prefix(_ buffer: ByteBuffer, _ count: Int) -> ByteBuffer {
        count == buffer.count ? buffer : try! buffer.slice(offset: 0, count: count, what: "buffer")
    }
}
