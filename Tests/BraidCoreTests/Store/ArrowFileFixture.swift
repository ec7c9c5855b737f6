import ArrowIPC
import Foundation

/// Bytes framed as an Arrow IPC file: magic and padding, a body, a footer, the
/// footer's length, magic. Enough for the framing check; not a readable table.
func arrowFramingBytes(body: String = "record batches", footer: String = "footer") -> Data {
    var data = Data("ARROW1".utf8) + Data([0, 0]) + Data(body.utf8) + Data(footer.utf8)
    withUnsafeBytes(of: Int32(footer.utf8.count).littleEndian) { data.append(contentsOf: $0) }
    return data + Data("ARROW1".utf8)
}

/// The shared Arrow test files (`../shared/testdata/arrow` beside the repository), when present.
let sharedArrowData: String = {
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    return repository.deletingLastPathComponent().appendingPathComponent("shared/testdata/arrow").path
}()

/// A real artifact file (docs/formats.md): one utf8 row holding `body`, with the
/// `braid` schema metadata the engine requires.
func arrowFileBytes(body: String = "record batches") -> Data {
    let column = VariableWidthBuilder(type: .utf8)
    column.append(body)
    let braid = #"{"version": 1, "kind": "scalar", "language": "python", "type_name": "str"}"#
    let schema = Schema([Field("value", .utf8)], metadata: [KeyValue("braid", braid)])
    let sink = MemorySink()
    let writer = try! FileWriter(sink: sink, schema: schema)
    try! writer.write(try! RecordBatch(schema: schema, columns: [column.finish()]))
    try! writer.finish()
    return Data(sink.take().bytes)
}
