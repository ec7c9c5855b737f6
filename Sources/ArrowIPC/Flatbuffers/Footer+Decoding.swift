/// Decoding of the file `Footer` table (`File.fbs`; notes §2).
extension FooterMetadata {
    /// Decodes the footer flatbuffer: 0 version, 1 schema, 2 dictionaries
    /// ([Block]), 3 recordBatches ([Block]), 4 custom_metadata.
    init(decoding bytes: ByteBuffer) throws(ArrowIPCError) {
        let table = try FlatbufferTable.root(of: bytes, typeName: "Footer")
        let version = try table.scalar(0, "version", default: Int16(0))
        try MetadataVersion.check(version, in: "Footer")
        let schema = try DecodedSchema(decoding: table.requiredTable(1, "schema", type: "Schema"))
        let dictionaries = try FooterMetadata.blocks(table, slot: 2, field: "dictionaries")
        let recordBatches = try FooterMetadata.blocks(table, slot: 3, field: "recordBatches")
        let customMetadata = try [KeyValue](decoding: table, slot: 4, field: "custom_metadata")
        self.init(version: version, schema: schema, dictionaries: dictionaries,
                  recordBatches: recordBatches, customMetadata: customMetadata)
    }

    /// A vector of `Block` structs (24 bytes: +0 i64 offset, +8 i32
    /// metaDataLength, +12 padding, +16 i64 bodyLength); absent means none.
    private static func blocks(_ table: FlatbufferTable, slot: Int, field: String) throws(ArrowIPCError) -> [Block] {
        guard let vector = try table.vector(slot, field, elementSize: 24) else { return [] }
        return vector.map { i in
            Block(offset: Int(vector.scalar(at: i, offset: 0, as: Int64.self)),
                  metaDataLength: Int(vector.scalar(at: i, offset: 8, as: Int32.self)),
                  bodyLength: Int(vector.scalar(at: i, offset: 16, as: Int64.self)))
        }
    }
}
