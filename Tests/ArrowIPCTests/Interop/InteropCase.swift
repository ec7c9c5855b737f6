import Foundation
@testable import ArrowIPC

/// One file for pyarrow to check: how to write it and what it must read back as.
struct InteropCase {
    var name: String
    var format: IPCFormat
    var schema: Schema
    var batches: [RecordBatch]
    var options = WriteOptions()
    var footerMetadata: [KeyValue] = []
    /// `ReadStats` fields pyarrow must report, e.g. `num_dictionary_deltas`.
    var stats: [String: Int] = [:]

    var fileName: String { name + (format == .file ? ".arrow" : ".arrows") }

    /// Writes the file and `<name>.expected.json` into `directory`.
    func write(into directory: URL) throws {
        let path = directory.appendingPathComponent(fileName).path
        let sink = try FileSink(path: path)
        switch format {
        case .file:
            let writer = try FileWriter(sink: sink, schema: schema, options: options, metadata: footerMetadata)
            for batch in batches { try writer.write(batch) }
            try writer.finish()
        case .stream:
            let writer = try StreamWriter(sink: sink, schema: schema, options: options)
            for batch in batches { try writer.write(batch) }
            try writer.finish()
        }
        try sink.close()
        let expected = directory.appendingPathComponent(name + ".expected.json")
        try Data(expectation.text.utf8).write(to: expected)
    }

    private var expectation: JSON {
        let codec: JSON = switch options.compression {
        case nil: .null
        case .zstd: .string("zstd")
        case .lz4Frame: .string("lz4")
        }
        return .object([
            ("case", .string(name)),
            ("file", .string(fileName)),
            ("format", .string(format == .file ? "file" : "stream")),
            ("compression", codec),
            ("schema", JSON.schema(schema)),
            ("footer_metadata", JSON.pairs(footerMetadata)),
            ("stats", .object(stats.sorted { $0.key < $1.key }.map { ($0.key, .number(String($0.value))) })),
            ("batches", .array(batches.map { batch in
                .object([("length", .number(String(batch.length))),
                         ("columns", .array(batch.columns.map { column in
                             .array((0..<batch.length).map { JSON.value(column.value(at: $0)) })
                         }))])
            })),
        ])
    }
}
