import Testing
@testable import ArrowIPC

/// Random access through the footer and file-level rules (notes §2).
@Suite struct FileReaderTests {
    @Test func readsBatchesInAnyOrder() throws {
        let reader = try FileReader(path: TestData.fixturePath("multi_batch.arrow"))
        #expect(reader.batchCount == 3)
        #expect(try reader.batch(at: 2).columns[0].values == [.int(20), .int(21), .int(22)])
        #expect(try reader.batch(at: 0).columns[0].values == [.int(0)])
        #expect(try reader.readAll().map(\.length) == [1, 2, 3])
        #expect(throws: ArrowIPCError(.invalidArgument, "record batch 3 does not exist; the file has 3")) {
            try reader.batch(at: 3)
        }
        #expect(throws: ArrowIPCError(.invalidArgument, "record batch -1 does not exist; the file has 3")) {
            try reader.batch(at: -1)
        }
    }

    @Test func readsAZeroRowBatchWithAnEmptyDictionary() throws {
        let table = try ArrowTable.read(path: TestData.path("zero_rows.arrow"))
        #expect(table.schema == Expected.basicSchema)
        #expect(table.batches.count == 1)
        #expect(table.rowCount == 0)
        #expect(table.batches[0].column(named: "cat")?.dictionary?.length == 0)
    }

    @Test func readsAStreamWithNoBatches() throws {
        let table = try ArrowTable.read(path: TestData.path("empty.arrows"))
        #expect(table.format == .stream)
        #expect(table.batches.isEmpty)
        #expect(table.schema == Expected.basicSchema)
    }

    @Test func namesThePathInErrors() {
        let path = TestData.path("basic.arrows")
        #expect(throws: ArrowIPCError(.invalidData, "the file does not start with the magic bytes ARROW1", context: ["file \(path)"])) {
            try FileReader(path: path)
        }
        let missing = TestData.path("no_such_file.arrow")
        #expect(throws: ArrowIPCError(.io, "No such file or directory", context: ["file \(missing)"])) {
            try ArrowTable.read(path: missing)
        }
    }

    @Test func detectsTheFormatFromTheMagic() throws {
        #expect(ArrowTable.format(of: try MappedFile.map(path: TestData.path("basic.arrow"))) == .file)
        #expect(ArrowTable.format(of: try MappedFile.map(path: TestData.path("basic.arrows"))) == .stream)
        #expect(ArrowTable.format(of: ByteBuffer()) == .stream)
    }
}
