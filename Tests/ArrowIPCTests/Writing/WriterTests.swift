import Testing
@testable import ArrowIPC

/// The framing of streams and files (notes §1, §2) and the writers' errors.
@Suite struct WriterTests {
    /// One framed message of a stream: where it starts, M, its header type
    /// and its body length.
    struct Framed: Equatable {
        var offset: Int, metadataLength: Int, headerType: UInt8, bodyLength: Int
    }

    /// Walks the messages of a stream starting at `start`, up to and
    /// including the EOS marker (returned as header type 0).
    private func messages(_ bytes: [UInt8], from start: Int = 0) -> [Framed] {
        var result: [Framed] = []
        var position = start
        while position + 8 <= bytes.count {
            let probe = FlatbufferProbe(bytes: bytes)
            #expect(probe.u32(at: position) == 0xffff_ffff)
            let m = Int(probe.u32(at: position + 4))
            if m == 0 {
                result.append(Framed(offset: position, metadataLength: 0, headerType: 0, bodyLength: 0))
                break
            }
            let message = FlatbufferProbe(bytes: Array(bytes[(position + 8)..<(position + 8 + m)])).root
            let body = Int(message.i64(3) ?? 0)
            result.append(Framed(offset: position, metadataLength: m, headerType: message.u8(1)!, bodyLength: body))
            position += 8 + m + body
        }
        return result
    }

    private func basicBatch() throws -> RecordBatch {
        try ColumnFactory.batch([
            ("i", ColumnFactory.ints([1, nil, 3] as [Int32?], .int32)),
            ("cat", try ColumnFactory.dictionary([0, 1, 0] as [Int8?], .int8, values: ColumnFactory.strings(["lo", "hi"]))),
        ])
    }

    @Test func streamIsSchemaDictionaryBatchesAndEOS() throws {
        let batch = try basicBatch()
        let sink = MemorySink()
        let writer = try StreamWriter(sink: sink, schema: batch.schema)
        try writer.write(batch)
        try writer.write(batch)
        try writer.finish()
        let bytes = sink.take().bytes
        let framed = messages(bytes)
        #expect(framed.map(\.headerType) == [1, 2, 3, 3, 0])
        for message in framed {
            #expect(message.offset % 8 == 0 && message.metadataLength % 8 == 0 && message.bodyLength % 8 == 0)
        }
        #expect(framed.last!.offset + 8 == bytes.count)
        #expect(Array(bytes.suffix(8)) == [0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0])
    }

    @Test func fileIsMagicTheSameStreamAndAFooterWithBlocks() throws {
        let batch = try basicBatch()
        let streamSink = MemorySink(), fileSink = MemorySink()
        let stream = try StreamWriter(sink: streamSink, schema: batch.schema, options: .init(compression: .lz4Frame))
        let file = try FileWriter(sink: fileSink, schema: batch.schema, options: .init(compression: .lz4Frame),
                                  metadata: [KeyValue("k", "v")])
        for _ in 0..<3 {
            try stream.write(batch)
            try file.write(batch)
        }
        try stream.finish()
        try file.finish()
        let streamBytes = streamSink.take().bytes, bytes = fileSink.take().bytes
        #expect(Array(bytes.prefix(8)) == Array("ARROW1".utf8) + [0, 0])
        #expect(Array(bytes.suffix(6)) == Array("ARROW1".utf8))
        #expect(Array(bytes[8..<(8 + streamBytes.count)]) == streamBytes)  // byte-identical, as in pyarrow's files

        let probe = FlatbufferProbe(bytes: bytes)
        let footerLength = Int(probe.u32(at: bytes.count - 10))
        let footerStart = bytes.count - 10 - footerLength
        #expect(footerStart == 8 + streamBytes.count)
        let footer = FlatbufferProbe(bytes: Array(bytes[footerStart..<(bytes.count - 10)]))
        let framed = messages(bytes, from: 8)
        for (slot, type) in [(2, UInt8(2)), (3, UInt8(3))] {
            let vector = footer.root.vector(slot)!
            let listed = (0..<vector.count).map { i in
                let at = vector.start + 24 * i
                return Framed(offset: Int(footer.i64(at: at)), metadataLength: Int(footer.u32(at: at + 8)) - 8,
                              headerType: type, bodyLength: Int(footer.i64(at: at + 16)))
            }
            #expect(listed == framed.filter { $0.headerType == type })
        }
        #expect(footer.root.tables(4)!.map { $0.string(1) } == ["v"])
    }

    @Test func blockOffsetsCountFromTheFileStartInASharedSink() throws {
        let batch = try basicBatch()
        let sink = MemorySink()
        try sink.write([UInt8](repeating: 0xaa, count: 16))  // something before the file
        let writer = try FileWriter(sink: sink, schema: batch.schema)
        try writer.write(batch)
        try writer.finish()
        let bytes = Array(sink.take().bytes.dropFirst(16))
        let footerLength = Int(FlatbufferProbe(bytes: bytes).u32(at: bytes.count - 10))
        let footer = FlatbufferProbe(bytes: Array(bytes[(bytes.count - 10 - footerLength)..<(bytes.count - 10)]))
        let batches = footer.root.vector(3)!
        #expect(Int(footer.i64(at: batches.start)) == messages(bytes, from: 8).first { $0.headerType == 3 }!.offset)
    }

    @Test func zeroBatchesMakeASchemaOnlyFile() throws {
        let sink = MemorySink()
        let writer = try FileWriter(sink: sink, schema: Schema([Field("x", .float64)]))
        try writer.finish()
        let bytes = sink.take().bytes
        #expect(messages(bytes, from: 8).map(\.headerType) == [1, 0])
    }

    @Test func batchWithAnotherSchemaIsRejectedAndNothingIsWritten() throws {
        let batch = try basicBatch()
        let sink = MemorySink()
        let writer = try StreamWriter(sink: sink, schema: batch.schema)
        let renamed = try RecordBatch(schema: Schema([Field("j", .int32), batch.schema.fields[1]]), columns: batch.columns)
        let before = sink.bytesWritten
        #expect {
            try writer.write(renamed)
        } throws: { error in
            "\(error)" == "record batch 0: field 0 of the batch is 'j': int32, the writer's schema has 'i': int32"
        }
        #expect(sink.bytesWritten == before)
        try writer.write(batch)  // still usable
        try writer.finish()
    }

    @Test func fileRejectsADictionaryReplacementButStaysUsable() throws {
        let batch = try basicBatch()
        let other = try ColumnFactory.batch([
            ("i", ColumnFactory.ints([1, nil, 3] as [Int32?], .int32)),
            ("cat", try ColumnFactory.dictionary([0, 1, 0] as [Int8?], .int8, values: ColumnFactory.strings(["hi", "lo"]))),
        ])
        let writer = try FileWriter(sink: MemorySink(), schema: batch.schema)
        try writer.write(batch)
        #expect {
            try writer.write(other)
        } throws: { error in
            (error as? ArrowIPCError)?.code == .invalidArgument
                && "\(error)".hasPrefix("record batch 1, column 1 ('cat'): the dictionary (id 0) differs")
        }
        try writer.write(batch)
        try writer.finish()
    }

    @Test func finishedWriterRejectsMoreBatches() throws {
        let batch = try basicBatch()
        let writer = try StreamWriter(sink: MemorySink(), schema: batch.schema)
        try writer.finish()
        #expect {
            try writer.write(batch)
        } throws: { error in
            "\(error)" == "the writer is finished; no more batches can be written"
        }
        #expect(throws: ArrowIPCError.self) { try writer.finish() }
    }

    @Test func invalidSchemaWritesNothing() {
        let sink = MemorySink()
        #expect(throws: ArrowIPCError.self) {
            try FileWriter(sink: sink, schema: Schema([Field("t", .time64(.millisecond))]))
        }
        #expect(sink.bytesWritten == 0)
    }

    @Test func alignmentMustBeEightOrSixtyFour() {
        #expect {
            try StreamWriter(sink: MemorySink(), schema: Schema([]), options: .init(alignment: 16))
        } throws: { error in
            "\(error)" == "alignment must be 8 or 64 bytes, got 16"
        }
    }

    @Test func failedSinkPoisonsTheWriter() throws {
        let batch = try ColumnFactory.batch([("big", ColumnFactory.ints([Int64](repeating: 1, count: 20_000), .int64))])
        let sink = try FileSink(path: "/dev/full")
        let writer = try StreamWriter(sink: sink, schema: batch.schema)
        #expect(throws: ArrowIPCError.self) { try writer.write(batch) }  // the column is written unstaged
        #expect {
            try writer.write(batch)
        } throws: { error in
            "\(error)" == "an earlier write failed, so the output is incomplete "
                + "(file /dev/full: write failed after 0 bytes: No space left on device)"
        }
    }

    @Test func convenienceWriteNamesThePathInErrors() throws {
        let schema = Schema([Field("t", .time32(.nanosecond))])
        #expect {
            try RecordBatch.write([], schema: schema, to: "/dev/null", format: .stream)
        } throws: { error in
            "\(error)" == "file /dev/null, schema, field 0 ('t'): time32 cannot hold ns: time32 takes s or ms, time64 us or ns"
        }
    }
}
