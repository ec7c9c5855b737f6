/// A record batch (or a dictionary's values) flattened for the wire: the
/// `RecordBatch` table's contents and the body pieces, in order, that the
/// message writer copies straight from column memory to the sink.
struct EncodedBatch {
    /// One `FieldNode` struct (notes §3.1): 16 bytes on the wire.
    struct FieldNode: Equatable {
        var length: Int
        var nullCount: Int
    }

    /// One `Buffer` struct: offset from the body start and unpadded length.
    struct BufferLocation: Equatable {
        var offset: Int
        var length: Int
    }

    /// A non-empty buffer in the body: an optional i64 prefix (compressed
    /// bodies, notes §5), the bytes, then `padding` zero bytes.
    struct BodyPiece {
        var prefix: Int64?
        var bytes: ByteBuffer
        var padding: Int
    }

    /// `RecordBatch.length`: the row count.
    var length: Int
    var nodes: [FieldNode] = []
    var buffers: [BufferLocation] = []
    var pieces: [BodyPiece] = []
    /// `Message.bodyLength`: a multiple of the alignment.
    var bodyLength = 0
    /// The codec named in `RecordBatch.compression`, nil when uncompressed.
    var codec: BodyCompressionCodec?
}
