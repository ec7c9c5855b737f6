/// The decoded contents of the IPC flatbuffers (`Message.fbs`, `File.fbs`),
/// as plain values. Decoding lives in `Message+Decoding.swift`,
/// `Schema+Decoding.swift` and `Footer+Decoding.swift`.

/// One encapsulated message's metadata (notes §3.4, table Message).
struct MessageMetadata: Sendable {
    /// MetadataVersion: V4 = 3, V5 = 4.
    let version: Int16
    let header: MessageHeader
    /// The byte length of the body that follows the metadata.
    let bodyLength: Int
    let customMetadata: [KeyValue]
}

/// The union `MessageHeader`, with the members this library reads.
enum MessageHeader: Sendable {
    case schema(DecodedSchema)
    case dictionaryBatch(DictionaryBatchHeader)
    case recordBatch(RecordBatchHeader)

    /// The name used in errors ("expected a RecordBatch, found a Schema").
    var kind: String {
        switch self {
        case .schema: "Schema"
        case .dictionaryBatch: "DictionaryBatch"
        case .recordBatch: "RecordBatch"
        }
    }
}

/// A schema as the IPC metadata describes it: the public `Schema`, plus the
/// dictionary ids that `DataType.dictionary` leaves out.
struct DecodedSchema: Sendable {
    let schema: Schema
    /// One per field of `schema`, in order.
    let fields: [DecodedField]
}

/// A field and, for each dictionary-encoded field in it, the id of the
/// dictionary batches that carry its values.
struct DecodedField: Sendable {
    let field: Field
    /// Set when `field.type` is `.dictionary`.
    let dictionaryID: Int64?
    /// One per child of the field's type; for a dictionary-encoded field, one
    /// per child of its *value* type (these describe the dictionary batch).
    let children: [DecodedField]

    /// The field that a dictionary batch for this field's dictionary holds:
    /// the value type, not dictionary-encoded itself at this level.
    var dictionaryValueField: DecodedField? {
        guard case .dictionary(let dictionaryType) = field.type else { return nil }
        let values = Field(field.name, dictionaryType.valueType, isNullable: true)
        return DecodedField(field: values, dictionaryID: nil, children: children)
    }
}

/// A `FieldNode` struct: one per field visited in pre-order (notes §4.1).
struct FieldNode: Equatable, Sendable {
    let length: Int
    let nullCount: Int
}

/// A `Buffer` struct: a range of the message body.
struct BufferLocation: Equatable, Sendable {
    let offset: Int
    let length: Int
}

/// `CompressionType` of a `BodyCompression` table (notes §5).
enum CompressionCodec: Equatable, Sendable {
    case lz4Frame
    case zstd
}

/// A `RecordBatch` table: the row count and where each column's parts lie.
struct RecordBatchHeader: Sendable {
    let length: Int
    let nodes: [FieldNode]
    let buffers: [BufferLocation]
    /// nil for an uncompressed body.
    let compression: CompressionCodec?
}

/// A `DictionaryBatch` table.
struct DictionaryBatchHeader: Sendable {
    let id: Int64
    /// One column of the dictionary's value type.
    let data: RecordBatchHeader
    let isDelta: Bool
}

/// A `Block` struct of the file footer (notes §2): where a message lies in the file.
struct Block: Equatable, Sendable {
    /// File offset of the message's first byte (its continuation marker).
    let offset: Int
    /// Marker, length word, flatbuffer and padding.
    let metaDataLength: Int
    let bodyLength: Int
}

/// The `Footer` table of a file.
struct FooterMetadata: Sendable {
    let version: Int16
    let schema: DecodedSchema
    let dictionaries: [Block]
    let recordBatches: [Block]
    let customMetadata: [KeyValue]
}

/// MetadataVersion values (notes §1): readers accept V4 and V5.
enum MetadataVersion {
    static let v4: Int16 = 3
    static let v5: Int16 = 4

    /// "V1" … "V5" for a known value, else the number.
    static func name(_ value: Int16) -> String {
        (0...4).contains(value) ? "V\(value + 1)" : "\(value)"
    }

    /// Throws unless `version` is V4 or V5.
    static func check(_ version: Int16, in table: String) throws(ArrowIPCError) {
        guard version >= v4 else {
            throw .unsupported("\(table).version is \(name(version)); only V4 and V5 metadata is supported")
        }
        guard version <= v5 else {
            throw .unsupported("\(table).version is \(name(version)), newer than V5")
        }
    }
}
