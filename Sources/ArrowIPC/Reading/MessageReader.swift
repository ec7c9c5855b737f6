/// One framed message: its decoded metadata and a view of its body.
struct EncapsulatedMessage {
    /// Where the message starts in the bytes read (its marker or length word).
    let offset: Int
    /// The framing plus metadata: 8 + M with the continuation marker, 4 + M
    /// in the legacy framing. A file's `Block.metaDataLength` must equal it.
    let metadataLength: Int
    let metadata: MessageMetadata
    /// The body, sharing the input's memory (no copy).
    let body: ByteBuffer
}

/// Splits bytes into encapsulated messages (notes §1).
///
/// Each message is `[ff ff ff ff][i32 M][M bytes of Message flatbuffer +
/// padding][body]`, or in the legacy framing (before Arrow 0.15) the same
/// without the marker. End of stream is `ff ff ff ff 00 00 00 00`, or
/// `00 00 00 00` in the legacy framing; bytes that simply end after a
/// complete message are accepted as an end too, as pyarrow does.
struct MessageReader: Sendable {
    let bytes: ByteBuffer
    /// Where the next message starts.
    private(set) var position: Int
    /// How many messages `next()` has returned.
    private(set) var count = 0
    private var isFinished = false

    init(bytes: ByteBuffer, position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    /// The next message, or nil at the end of the stream.
    ///
    /// - Throws: `ArrowIPCError` in the context "message N at offset X" for
    ///   bad framing, lengths that overrun the bytes and bad metadata. Once it
    ///   has thrown, the reader must not be used again.
    mutating func next() throws(ArrowIPCError) -> EncapsulatedMessage? {
        guard !isFinished else { return nil }
        let start = position
        let message = try inContext("message \(count) at offset \(start)") { () throws(ArrowIPCError) in
            try MessageReader.message(in: bytes, at: start)
        }
        guard let message else {
            isFinished = true
            return nil
        }
        position = start + message.metadataLength + message.body.count
        count += 1
        return message
    }

    /// Reads the message that starts at `offset`, or nil for an end-of-stream
    /// marker or for no bytes at all.
    static func message(in bytes: ByteBuffer, at offset: Int) throws(ArrowIPCError) -> EncapsulatedMessage? {
        let remaining = bytes.count - offset
        guard remaining > 0 else { return nil }
        guard let first = bytes.load(Int32.self, at: offset) else {
            throw .invalid("only \(remaining) bytes remain, too few for a message length")
        }
        let prefixLength: Int
        let length: Int32
        if first == -1 {  // continuation marker, then the length
            guard let second = bytes.load(Int32.self, at: offset + 4) else {
                throw .invalid("the bytes end inside the message length after the continuation marker")
            }
            prefixLength = 8
            length = second
        } else {  // legacy framing: the length comes first (0 = legacy end of stream)
            prefixLength = 4
            length = first
        }
        if length == 0 { return nil }
        guard length > 0 else { throw .invalid("the metadata length \(length) is negative") }
        let metadataLength = Int(length)
        guard metadataLength <= remaining - prefixLength else {
            throw .invalid("the metadata length \(metadataLength) overruns the \(remaining - prefixLength) bytes that remain")
        }
        let flatbuffer = try bytes.slice(offset: offset + prefixLength, count: metadataLength)
        let metadata = try MessageMetadata(decoding: flatbuffer)
        let bodyStart = offset + prefixLength + metadataLength
        guard metadata.bodyLength <= bytes.count - bodyStart else {
            throw .invalid("the body of \(metadata.bodyLength) bytes overruns the \(bytes.count - bodyStart) bytes that remain")
        }
        let body = try bytes.slice(offset: bodyStart, count: metadata.bodyLength)
        return EncapsulatedMessage(offset: offset, metadataLength: prefixLength + metadataLength,
                                   metadata: metadata, body: body)
    }
}
