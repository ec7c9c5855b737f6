/// The `Message` flatbuffers a writer emits: Schema, DictionaryBatch and
/// RecordBatch (notes §3.4), each finished and padded to a multiple of 8.
enum MessageEncoding {
    /// `MetadataVersion.V5`, written in every Message and the Footer (notes §1).
    static let metadataVersion: Int16 = 4

    /// `MessageHeader` union tags.
    private enum HeaderType: UInt8 {
        case schema = 1, dictionaryBatch = 2, recordBatch = 3
    }

    /// A Schema message.
    static func schema(_ schema: Schema) throws(ArrowIPCError) -> [UInt8] {
        message(.schema, header: try schema.flatbufferTable(), bodyLength: nil)
    }

    /// A RecordBatch message for `batch`.
    static func recordBatch(_ batch: EncodedBatch) -> [UInt8] {
        message(.recordBatch, header: recordBatchTable(batch), bodyLength: batch.bodyLength)
    }

    /// A DictionaryBatch message: `batch` holds one column, the values.
    static func dictionaryBatch(id: Int64, _ batch: EncodedBatch, isDelta: Bool) -> [UInt8] {
        var header = FlatbufferBuilder.Table()
        header.add(0, id)
        header.add(1, table: recordBatchTable(batch))
        header.add(2, bool: isDelta)
        return message(.dictionaryBatch, header: header, bodyLength: batch.bodyLength)
    }

    private static func message(_ type: HeaderType, header: FlatbufferBuilder.Table, bodyLength: Int?) -> [UInt8] {
        var table = FlatbufferBuilder.Table()
        table.add(0, metadataVersion)
        table.add(1, type.rawValue)
        table.add(2, table: header)
        if let bodyLength { table.add(3, Int64(bodyLength)) }
        return FlatbufferBuilder.finish(root: table)
    }

    /// The `RecordBatch` table: length, nodes, buffers, compression.
    private static func recordBatchTable(_ batch: EncodedBatch) -> FlatbufferBuilder.Table {
        var table = FlatbufferBuilder.Table()
        table.add(0, Int64(batch.length))
        table.add(1, structVector(batch.nodes.map { ($0.length, $0.nullCount) }))
        table.add(2, structVector(batch.buffers.map { ($0.offset, $0.length) }))
        if let codec = batch.codec {
            var compression = FlatbufferBuilder.Table()
            compression.add(0, codec.flatbufferValue)
            compression.add(1, Int8(0))  // method: BUFFER
            table.add(3, table: compression)
        }
        return table
    }

    /// A vector of 16-byte structs of two i64 (`FieldNode`, `Buffer`).
    private static func structVector(_ pairs: [(Int, Int)]) -> FlatbufferBuilder.Child {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(pairs.count * 16)
        for (first, second) in pairs {
            withUnsafeBytes(of: Int64(first).littleEndian) { bytes += $0 }
            withUnsafeBytes(of: Int64(second).littleEndian) { bytes += $0 }
        }
        return .structs(bytes: bytes, count: pairs.count)
    }
}
