import Testing
@testable import ArrowIPC

@Suite struct DataTypeDescriptionTests {
    @Test func printsTypesAsPyarrowDoes() throws {
        // The names pyarrow 26 prints for the types of types.arrow and the basic table.
        let table = try ArrowTable.read(path: TestData.path("types.arrow"))
        #expect(table.schema.fields.map(\.type.description) == [
            "null", "int8", "uint16", "int64", "uint64", "float", "binary", "large_binary", "large_string",
            "date64[ms]", "time32[ms]", "time64[us]", "timestamp[ns]", "duration[s]", "list<item: int32>",
            "large_list<item: string>", "struct<x: int32, y: string>", "fixed_size_list<item: int16>[2]",
        ])
        #expect(Expected.basicSchema.fields.map(\.type.description).suffix(3) == [
            "date32[day]", "timestamp[us, tz=UTC]", "dictionary<values=string, indices=int32, ordered=0>",
        ])
    }
}
