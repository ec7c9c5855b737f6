/// How `StreamWriter` and `FileWriter` lay out record batches.
public struct WriteOptions: Hashable, Sendable {
    /// The codec applied to every body buffer, or nil to write them raw.
    ///
    /// A buffer that the codec does not shrink is stored raw (with the
    /// uncompressed length -1, which the format allows per buffer), so small
    /// bitmaps cost 8 bytes rather than a whole frame.
    public var compression: BodyCompressionCodec?

    /// The boundary every body buffer starts on: 8 (what pyarrow writes) or
    /// 64 (what the Arrow spec recommends for SIMD; pyarrow reads both).
    public var alignment: Int

    /// - Parameters:
    ///   - compression: nil (the default) for raw buffers.
    ///   - alignment: 8 (the default) or 64; checked when a writer is created.
    public init(compression: BodyCompressionCodec? = nil, alignment: Int = 8) {
        self.compression = compression
        self.alignment = alignment
    }

    /// Checks the options once, when a writer is created.
    func validate() throws(ArrowIPCError) {
        guard alignment == 8 || alignment == 64 else {
            throw .invalidArgument("alignment must be 8 or 64 bytes, got \(alignment)")
        }
    }
}
