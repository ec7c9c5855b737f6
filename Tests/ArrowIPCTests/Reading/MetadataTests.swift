import Testing
@testable import ArrowIPC

/// Custom metadata at file, schema and field level, and the pandas files.
@Suite struct MetadataTests {
    static let namedIndexPandas = #"{"index_columns": ["row_id"], "column_indexes": [{"name": null, "field_name": null, "pandas_type": "unicode", "numpy_type": "str", "metadata": {"encoding": "UTF-8"}}], "columns": [{"name": "price", "field_name": "price", "pandas_type": "float64", "numpy_type": "float64", "metadata": null}, {"name": "units", "field_name": "units", "pandas_type": "int32", "numpy_type": "Int32", "metadata": null}, {"name": "shop", "field_name": "shop", "pandas_type": "categorical", "numpy_type": "int8", "metadata": {"num_categories": 2, "ordered": false}}, {"name": "day", "field_name": "day", "pandas_type": "datetimetz", "numpy_type": "datetime64[us]", "metadata": {"timezone": "UTC"}}, {"name": "row_id", "field_name": "row_id", "pandas_type": "object", "numpy_type": "str", "metadata": null}], "attributes": {}, "creator": {"library": "pyarrow", "version": "26.0.1"}, "pandas_version": "3.1.1"}"#

    static let rangeIndexPandas = #"{"index_columns": [{"kind": "range", "name": null, "start": 0, "stop": 3, "step": 1}], "column_indexes": [{"name": null, "field_name": null, "pandas_type": "unicode", "numpy_type": "str", "metadata": {"encoding": "UTF-8"}}], "columns": [{"name": "x", "field_name": "x", "pandas_type": "int64", "numpy_type": "int64", "metadata": null}, {"name": "y", "field_name": "y", "pandas_type": "object", "numpy_type": "str", "metadata": null}], "attributes": {}, "creator": {"library": "pyarrow", "version": "26.0.1"}, "pandas_version": "3.1.1"}"#

    @Test func readsThePandasNamedIndexFile() throws {
        let table = try ArrowTable.read(path: TestData.path("pandas_named_index.arrow"))
        #expect(table.schema.metadata == [KeyValue("pandas", Self.namedIndexPandas)])
        #expect(table.schema.fields == [
            Field("price", .float64),
            Field("units", .int32),
            Field("shop", .dictionary(DictionaryType(indexType: .int8, valueType: .largeUtf8))),
            Field("day", .timestamp(.microsecond, timezone: "UTC")),
            Field("row_id", .largeUtf8),
        ])
        #expect(table.columnValues == [
            [.double(1.5), .double(2), .null],
            [.int(3), .null, .int(5)],
            [.string("north"), .string("south"), .string("north")],
            [.int(1_704_067_200_000_000), .int(1_704_153_600_000_000), .null],
            [.string("r1"), .string("r2"), .string("r3")],
        ])
        for batch in table.batches { try batch.validate() }
    }

    @Test func readsThePandasRangeIndexFile() throws {
        let table = try ArrowTable.read(path: TestData.path("pandas_range_index.arrow"))
        #expect(table.schema.metadata == [KeyValue("pandas", Self.rangeIndexPandas)])
        #expect(table.schema.fields == [Field("x", .int64), Field("y", .largeUtf8)])
        #expect(table.columnValues == [[.int(10), .int(20), .int(30)], [.string("a"), .string("b"), .string("c")]])
    }

    @Test func keepsThePandasValueByteForByte() throws {
        // The decoded value's UTF-8 bytes occur verbatim in the file.
        let table = try ArrowTable.read(path: TestData.path("pandas_named_index.arrow"))
        let value = Array(try #require(table.schema.metadata[key: "pandas"]).utf8)
        let file = try TestData.bytes("pandas_named_index.arrow")
        #expect(file.indices.contains { file[$0...].starts(with: value) })
    }

    @Test func readsFooterSchemaAndFieldMetadataInOrder() throws {
        let reader = try FileReader(path: TestData.fixturePath("footer_metadata.arrow"))
        #expect(reader.metadata == [KeyValue("origin", "braid-tests"), KeyValue("empty", "")])
        #expect(reader.schema.metadata == [
            KeyValue("b", "2"), KeyValue("a", "1"), KeyValue("b ", "dup-ish"), KeyValue("ключ", "значение"),
        ])
        #expect(reader.schema.fields[0].metadata == [KeyValue("unit", "m"), KeyValue("ARROW:extension:name", "none")])
        let table = try ArrowTable.read(path: TestData.fixturePath("footer_metadata.arrow"))
        #expect(table.metadata == reader.metadata)
    }

    @Test func aStreamHasNoFileMetadata() throws {
        let table = try ArrowTable.read(path: TestData.path("basic.arrows"))
        #expect(table.metadata.isEmpty)
    }
}
