/// The file format's footer (notes §2): version, schema, the Blocks of the
/// dictionary and record batch messages, file-level custom metadata.
enum FooterEncoding {
    /// Where one message sits in the file: the `Block` struct.
    struct Block: Equatable {
        /// File offset of the message's first byte (its `ff ff ff ff` marker).
        var offset: Int
        /// `8 + M`: marker, length word, flatbuffer and its padding.
        var metadataLength: Int
        /// `Message.bodyLength`.
        var bodyLength: Int
    }

    /// The Footer flatbuffer (padded to a multiple of 8).
    static func footer(schema: Schema, dictionaries: [Block], recordBatches: [Block],
                       metadata: [KeyValue]) throws(ArrowIPCError) -> [UInt8] {
        var table = FlatbufferBuilder.Table()
        table.add(0, MessageEncoding.metadataVersion)
        table.add(1, table: try schema.flatbufferTable())
        table.add(2, blockVector(dictionaries))
        table.add(3, blockVector(recordBatches))
        if !metadata.isEmpty { table.add(4, metadata.flatbufferVector) }
        return FlatbufferBuilder.finish(root: table)
    }

    /// A vector of 24-byte Block structs: i64 offset, i32 metaDataLength,
    /// 4 zero bytes, i64 bodyLength.
    private static func blockVector(_ blocks: [Block]) -> FlatbufferBuilder.Child {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(blocks.count * 24)
        for block in blocks {
            withUnsafeBytes(of: Int64(block.offset).littleEndian) { bytes += $0 }
            withUnsafeBytes(of: Int32(block.metadataLength).littleEndian) { bytes += $0 }
            bytes += [0, 0, 0, 0]
            withUnsafeBytes(of: Int64(block.bodyLength).littleEndian) { bytes += $0 }
        }
        return .structs(bytes: bytes, count: blocks.count)
    }
}
