/// Frames messages onto a sink (notes §1): `ff ff ff ff`, i32 M, the
/// flatbuffer padded to M bytes, then the body pieces with their padding.
struct MessageWriter {
    let sink: any ByteSink
    /// The sink position of the output's first byte: Block offsets count
    /// from there (the file's magic), not from the sink's start.
    let origin: Int

    init(sink: any ByteSink) {
        self.sink = sink
        origin = sink.bytesWritten
    }

    /// The end-of-stream marker: continuation marker, then M = 0.
    static let endOfStream: [UInt8] = [0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]

    /// Writes one message and returns the Block that locates it.
    ///
    /// - Parameters:
    ///   - metadata: a finished flatbuffer, already a multiple of 8 long.
    ///   - body: the encoded batch whose pieces form the body; nil for a Schema.
    func write(metadata: [UInt8], body: EncodedBatch?) throws(ArrowIPCError) -> FooterEncoding.Block {
        precondition(metadata.count % 8 == 0, "metadata must be padded to 8 bytes")
        guard let length = Int32(exactly: metadata.count) else {
            throw .invalidArgument("message metadata of \(metadata.count) bytes exceeds the format's 2 GiB limit")
        }
        let offset = sink.bytesWritten - origin
        var frame: [UInt8] = [0xff, 0xff, 0xff, 0xff]
        frame.reserveCapacity(8 + metadata.count)
        withUnsafeBytes(of: length.littleEndian) { frame += $0 }
        frame += metadata
        try sink.write(frame)

        let bodyStart = sink.bytesWritten
        for piece in body?.pieces ?? [] {
            if let prefix = piece.prefix {
                try withUnsafeBytes(of: prefix.littleEndian) { (raw) throws(ArrowIPCError) in try sink.write(raw) }
            }
            try sink.write(piece.bytes)  // straight from the column's memory
            try sink.writeZeros(piece.padding)
        }
        let bodyLength = body?.bodyLength ?? 0
        assert(sink.bytesWritten - bodyStart == bodyLength, "body pieces do not add up to bodyLength")
        return FooterEncoding.Block(offset: offset, metadataLength: 8 + metadata.count, bodyLength: bodyLength)
    }

    /// Writes the end-of-stream marker.
    func writeEndOfStream() throws(ArrowIPCError) {
        try sink.write(Self.endOfStream)
    }
}
