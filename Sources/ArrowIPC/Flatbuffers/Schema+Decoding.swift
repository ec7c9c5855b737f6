/// Decoding of the `Schema`, `Field`, `DictionaryEncoding` and `KeyValue`
/// tables (`Schema.fbs`; slots in the notes §3.4).
extension DecodedSchema {
    /// Decodes a `Schema` table: endianness, fields, custom_metadata, features.
    init(decoding table: FlatbufferTable) throws(ArrowIPCError) {
        let endianness = try table.scalar(0, "endianness", default: Int16(0))
        switch endianness {
        case 0: break
        case 1: throw .unsupported("the data is big-endian; only little-endian Arrow data is supported")
        default: throw .invalid("Schema.endianness has the unknown value \(endianness)")
        }
        guard let fieldVector = try table.vector(1, "fields", elementSize: 4) else {
            throw .invalid("Schema.fields is missing")
        }
        let fields = try fieldVector.map { (i: Int) throws(ArrowIPCError) in
            try DecodedField(decoding: fieldVector.table(at: i, type: "Field"), index: i)
        }
        let metadata = try [KeyValue](decoding: table, slot: 2, field: "custom_metadata")
        if let features = try table.vector(3, "features", elementSize: 8) {
            for i in 0..<features.count {
                // Feature enum: 0 UNUSED, 1 DICTIONARY_REPLACEMENT, 2 COMPRESSED_BODY.
                let feature = features.scalar(at: i, as: Int64.self)
                guard (0...2).contains(feature) else {
                    throw .unsupported("the schema requires feature \(feature), which this reader does not know")
                }
            }
        }
        self.init(schema: Schema(fields.map(\.field), metadata: metadata), fields: fields)
    }
}

extension DecodedField {
    /// Decodes a `Field` table and its children, depth first.
    ///
    /// - Parameter index: the position among its siblings, for errors.
    init(decoding table: FlatbufferTable, index: Int) throws(ArrowIPCError) {
        let name = try inContext("field \(index)") { () throws(ArrowIPCError) in try table.string(0, "name") ?? "" }
        self = try inContext("field '\(name)'") { () throws(ArrowIPCError) in
            try DecodedField(decoding: table, name: name)
        }
    }

    private init(decoding table: FlatbufferTable, name: String) throws(ArrowIPCError) {
        let isNullable = try table.bool(1, "nullable")
        let children: [DecodedField]
        if let childVector = try table.vector(5, "children", elementSize: 4) {
            children = try childVector.map { (i: Int) throws(ArrowIPCError) in
                try DecodedField(decoding: childVector.table(at: i, type: "Field"), index: i)
            }
        } else {
            children = []  // pyarrow tolerates an absent children vector on leaf types.
        }
        let (tag, typeTable) = try table.union(typeSlot: 2, "type", type: DataType.typeTableName)
        guard let typeTable else { throw .invalid("Field.type is missing") }
        var type = try DataType(decodingTag: tag, table: typeTable, children: children.map(\.field))
        var dictionaryID: Int64?
        if let encoding = try table.table(4, "dictionary", type: "DictionaryEncoding") {
            let (id, dictionaryType) = try DataType.decodeDictionaryEncoding(encoding, valueType: type)
            dictionaryID = id
            type = .dictionary(dictionaryType)
        }
        let metadata = try [KeyValue](decoding: table, slot: 6, field: "custom_metadata")
        self.init(field: Field(name, type, isNullable: isNullable, metadata: metadata),
                  dictionaryID: dictionaryID, children: children)
    }
}

extension DataType {
    /// Decodes a `DictionaryEncoding` table (slots: 0 id, 1 indexType, 2
    /// isOrdered, 3 dictionaryKind) around an already decoded value type.
    static func decodeDictionaryEncoding(
        _ table: FlatbufferTable, valueType: DataType
    ) throws(ArrowIPCError) -> (id: Int64, type: DictionaryType) {
        let id = try table.scalar(0, "id", default: Int64(0))
        // The spec says an absent indexType means int32 (pyarrow insists on
        // it being present, notes §3.2; a reader may follow the spec).
        var indexType = IntegerType.int32
        if let indexTable = try table.table(1, "indexType", type: "Int") {
            guard case .int(let decoded) = try DataType(decodingTag: 2, table: indexTable, children: []) else {
                throw .invalid("DictionaryEncoding.indexType is not an integer type")
            }
            indexType = decoded
        }
        let isOrdered = try table.bool(2, "isOrdered")
        let kind = try table.scalar(3, "dictionaryKind", default: Int16(0))
        guard kind == 0 else { throw .unsupported("DictionaryEncoding.dictionaryKind \(kind) is not DenseArray") }
        return (id, DictionaryType(indexType: indexType, valueType: valueType, isOrdered: isOrdered))
    }
}

extension Array where Element == KeyValue {
    /// Decodes an optional vector of `KeyValue` tables (slots: 0 key, 1 value),
    /// keeping order and duplicates. Both strings are required, as pyarrow requires them.
    init(decoding table: FlatbufferTable, slot: Int, field: String) throws(ArrowIPCError) {
        guard let vector = try table.vector(slot, field, elementSize: 4) else {
            self = []
            return
        }
        self = try vector.map { (i: Int) throws(ArrowIPCError) in
            let entry = try vector.table(at: i, type: "KeyValue")
            guard let key = try entry.string(0, "key") else { throw .invalid("\(table.typeName).\(field)[\(i)]: KeyValue.key is missing") }
            guard let value = try entry.string(1, "value") else { throw .invalid("\(table.typeName).\(field)[\(i)]: KeyValue.value is missing") }
            return KeyValue(key, value)
        }
    }
}
