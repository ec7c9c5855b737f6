/// A codec for Arrow's per-buffer body compression (notes §5).
public enum BodyCompressionCodec: Hashable, Sendable {
    /// Zstandard (`BodyCompression.codec = 1`); `level` as in `ZSTD_compress`
    /// (1 is fast, as pyarrow's default; negative levels are faster still).
    case zstd(level: Int = 1)
    /// The LZ4 frame format (`BodyCompression.codec = 0`), what Feather
    /// files from pandas use by default.
    case lz4Frame

    /// The `CompressionType` value stored in `BodyCompression.codec`.
    var flatbufferValue: Int8 {
        switch self {
        case .lz4Frame: 0
        case .zstd: 1
        }
    }

    /// A short name for messages.
    var name: String {
        switch self {
        case .lz4Frame: "LZ4_FRAME"
        case .zstd: "ZSTD"
        }
    }
}
