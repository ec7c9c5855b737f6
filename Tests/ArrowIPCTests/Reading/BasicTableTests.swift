import Testing
@testable import ArrowIPC

/// The basic table in all eight encodings: pyarrow's file and stream, LZ4,
/// ZSTD, legacy framing, and the front-to-back handmade files.
@Suite struct BasicTableTests {
    @Test(arguments: Expected.basicFiles)
    func readsSchemaAndValues(_ name: String) throws {
        let table = try ArrowTable.read(path: TestData.path(name))
        #expect(table.schema == Expected.basicSchema)
        #expect(table.batches.count == 1)
        #expect(table.rowCount == 3)
        #expect(table.columnValues == Expected.basicColumns)
        #expect(table.format == (name.hasSuffix(".arrows") ? .stream : .file))
        #expect(table.metadata.isEmpty)
    }

    @Test(arguments: Expected.basicFiles)
    func equalsPyarrowsFile(_ name: String) throws {
        let reference = try ArrowTable.read(path: TestData.path("basic.arrow"))
        let table = try ArrowTable.read(path: TestData.path(name))
        #expect(table.schema == reference.schema)
        #expect(table.columnValues == reference.columnValues)
    }

    @Test(arguments: Expected.basicFiles)
    func validates(_ name: String) throws {
        for batch in try ArrowTable.read(path: TestData.path(name)).batches {
            try batch.validate()
        }
    }

    @Test func keepsNaNApartFromNull() throws {
        let batch = try FileReader(path: TestData.path("basic.arrow")).batch(at: 0)
        let f64 = try #require(batch.column(named: "f64"))
        #expect(f64.double(at: 1)?.isNaN == true)
        #expect(f64.double(at: 2) == nil)
        #expect(f64.nullCount == 1)
    }

    @Test func dropsTheOmittedValidityOfTheDictionaryColumn() throws {
        // cat has null_count 0 and a 0-byte validity buffer (notes §4.2).
        let batch = try FileReader(path: TestData.path("basic.arrow")).batch(at: 0)
        let cat = try #require(batch.column(named: "cat"))
        #expect(cat.validity == nil)
        #expect(cat.dictionary?.values == [.string("lo"), .string("hi")])
        #expect((0..<3).map { cat.dictionaryIndex(at: $0) } == [0, 1, 0])
    }

    @Test func columnDataStaysInTheMemoryMap() throws {
        let batch = try FileReader(path: TestData.path("basic.arrow")).batch(at: 0)
        for column in batch.columns {
            for buffer in column.buffers + [column.validity].compactMap({ $0 }) {
                #expect(buffer.owner is MappedRegionOwner)
            }
        }
    }

    @Test func decompressedDataIsOwnedByTheHeap() throws {
        let batch = try FileReader(path: TestData.path("basic_zstd.arrow")).batch(at: 0)
        #expect(batch.columns[0].buffers[0].owner is HeapBufferOwner)
    }
}
