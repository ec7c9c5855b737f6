@testable import ArrowIPC

/// Every file the interop test writes: each type, format, codec and the
/// edge cases (no rows, no batches, metadata, dictionary changes, columns
/// whose buffers are longer than their length).
enum InteropCases {
    static func all() throws -> [InteropCase] {
        try allTypes() + [try zeroRows(), try zeroBatches(.file), try zeroBatches(.stream), try metadata()]
            + dictionaryChanges() + [try oversizedBuffers(), try manyBatches(), try nestedDictionaryValues(), try noColumns()]
    }

    /// A dictionary whose values are nested and hold a dictionary themselves:
    /// dictionary<int16, struct<d: dictionary<int8, utf8>, l: list<int32>>>.
    static func nestedDictionaryValues() throws -> InteropCase {
        let inner = try ColumnFactory.dictionary([1, 0, nil] as [Int8?], .int8, values: ColumnFactory.strings(["p", "q"]))
        let lists = try ColumnFactory.list(ColumnFactory.ints([1, 2, 3] as [Int32?], .int32), counts: [2, 0, 1])
        let values = try ColumnFactory.structOf([("d", inner), ("l", lists)], rows: 3, isValid: [true, true, false])
        let column = try ColumnFactory.dictionary([2, 0, nil, 1, 0] as [Int16?], .int16, values: values)
        let batch = try ColumnFactory.batch([("outer", column)])
        return InteropCase(name: "dict_nested_values", format: .stream, schema: batch.schema, batches: [batch, batch],
                           stats: ["num_dictionary_batches": 2])
    }

    /// Batches with rows but no columns.
    static func noColumns() throws -> InteropCase {
        let schema = Schema([], metadata: [KeyValue("empty", "yes")])
        let batches = [try RecordBatch(schema: schema, columns: [], length: 5), try RecordBatch(schema: schema, columns: [], length: 0)]
        return InteropCase(name: "no_columns", format: .file, schema: schema, batches: batches,
                           stats: ["num_record_batches": 2])
    }

    /// Every type, 2 batches, in both formats and with each codec.
    static func allTypes() throws -> [InteropCase] {
        let batches = [try AllTypesTable.batch(rows: 11, index: 0), try AllTypesTable.batch(rows: 23, index: 1)]
        let schema = batches[0].schema
        let stats = ["num_record_batches": 2, "num_dictionary_batches": AllTypesTable.dictionaryFieldCount,
                     "num_dictionary_deltas": 0, "num_replaced_dictionaries": 0]
        let variants: [(String, IPCFormat, WriteOptions)] = [
            ("all_types", .file, .init()),
            ("all_types", .stream, .init()),
            ("all_types_zstd", .file, .init(compression: .zstd())),
            ("all_types_zstd_stream", .stream, .init(compression: .zstd(level: 5))),
            ("all_types_lz4", .file, .init(compression: .lz4Frame)),
            ("all_types_lz4_align64", .stream, .init(compression: .lz4Frame, alignment: 64)),
            ("all_types_align64", .file, .init(alignment: 64)),
        ]
        return variants.map { name, format, options in
            InteropCase(name: name + (format == .stream && !name.hasSuffix("stream") && !name.hasSuffix("64") ? "_stream" : ""),
                        format: format, schema: schema, batches: batches, options: options, stats: stats)
        }
    }

    /// One batch of zero rows of every type, including a utf8 column whose
    /// offsets buffer is empty (the writer must still emit one offset).
    static func zeroRows() throws -> InteropCase {
        var batch = try AllTypesTable.batch(rows: 0, index: 0)
        let bare = try Column(type: .utf8, length: 0, nullCount: 0, buffers: [ByteBuffer(), ByteBuffer()])
        batch = try RecordBatch(schema: Schema(batch.schema.fields + [Field("bare_utf8", .utf8)]), columns: batch.columns + [bare])
        return InteropCase(name: "zero_rows", format: .file, schema: batch.schema, batches: [batch],
                           stats: ["num_record_batches": 1])
    }

    static func zeroBatches(_ format: IPCFormat) throws -> InteropCase {
        let schema = try AllTypesTable.batch(rows: 1, index: 0).schema
        return InteropCase(name: "zero_batches" + (format == .file ? "" : "_stream"), format: format,
                           schema: schema, batches: [], stats: ["num_record_batches": 0, "num_dictionary_batches": 0])
    }

    /// Schema-, field- and footer-level metadata (order and bytes kept),
    /// duplicate column names and non-nullable fields.
    static func metadata() throws -> InteropCase {
        let schemaMetadata = [KeyValue("pandas", #"{"index_columns": [], "x": "é\n"}"#), KeyValue("b", ""), KeyValue("a", "1")]
        let fields = [
            Field("dup", .int32, isNullable: false, metadata: [KeyValue("ARROW:extension:name", "braid.id"), KeyValue("z", "ζ")]),
            Field("dup", .utf8, metadata: [KeyValue("", "empty key")]),
            Field("st", .struct([Field("inner", .int64, isNullable: false, metadata: [KeyValue("child", "yes")])]), isNullable: false),
        ]
        let inner = ColumnFactory.ints([1, 2, 3] as [Int64?], .int64)
        let st = try Column(type: fields[2].type, length: 3, nullCount: 0, children: [inner])
        let columns = [ColumnFactory.ints([7, 8, 9] as [Int32?], .int32), ColumnFactory.strings(["a", nil, "c"]), st]
        let schema = Schema(fields, metadata: schemaMetadata)
        let batch = try RecordBatch(schema: schema, columns: columns)
        return InteropCase(name: "metadata", format: .file, schema: schema, batches: [batch],
                           footerMetadata: [KeyValue("written_by", "braid"), KeyValue("ünï", "cödé")])
    }

    /// Later batches with the same, an extended and a different dictionary.
    static func dictionaryChanges() throws -> [InteropCase] {
        func batch(_ indices: [Int32?], _ words: [String?], nested: [String?]) throws -> RecordBatch {
            // Long words, so that zstd shrinks the dictionary buffers.
            let long = words.map { $0.map { String(repeating: $0, count: 40) } }
            let dictionary = try ColumnFactory.dictionary(indices, .int32, values: ColumnFactory.strings(long))
            let inner = try ColumnFactory.dictionary(indices.map { $0.map { Int8($0 % Int32(nested.count)) } }, .int8,
                                                     values: ColumnFactory.strings(nested))
            let wrapped = try ColumnFactory.structOf([("d", inner)], rows: indices.count)
            return try ColumnFactory.batch([("word", dictionary), ("wrapped", wrapped)])
        }
        let first = try batch([0, 1, nil], ["A", "B"], nested: ["x"])
        let same = try batch([1, 1, 0], ["A", "B"], nested: ["x"])          // equal values: nothing sent
        let grown = try batch([2, nil, 3], ["A", "B", "C", "D"], nested: ["x", "y"])  // deltas
        let replaced = try batch([0, 1, 0], ["Q", "R"], nested: ["x", "y"])   // replacement (stream only)
        let schema = first.schema
        return [
            InteropCase(name: "dict_delta_file", format: .file, schema: schema, batches: [first, same, grown],
                        stats: ["num_dictionary_batches": 4, "num_dictionary_deltas": 2]),
            InteropCase(name: "dict_delta_zstd_file", format: .file, schema: schema, batches: [first, grown],
                        options: .init(compression: .zstd()), stats: ["num_dictionary_batches": 4, "num_dictionary_deltas": 2]),
            InteropCase(name: "dict_replace_stream", format: .stream, schema: schema, batches: [first, same, grown, replaced, first],
                        stats: ["num_dictionary_batches": 6 + 1 + 0, "num_dictionary_deltas": 2, "num_replaced_dictionaries": 3]),
        ]
    }

    /// Columns longer than their node: struct children longer than the
    /// struct, utf8 and list columns sliced so offsets start past 0, bitmaps
    /// with garbage bits past the end and a null count the bitmap corrects.
    static func oversizedBuffers() throws -> InteropCase {
        let longChild = ColumnFactory.ints((0..<10).map { Int32($0) } as [Int32?], .int32)
        let st = try Column(type: .struct([Field("v", .int32)]), length: 3, nullCount: 0, children: [longChild])
        let strings = try ColumnFactory.strings(["skip", "me", "abc", nil, "de"]).slice(rows: 2..<5)
        let lists = try ColumnFactory.list(ColumnFactory.ints([1, 2, 3, 4, 5] as [Int64?], .int64), counts: [2, nil, 1, 2])
            .slice(rows: 1..<4)
        // Bitmap 0b1111_0101: row 1 of 3 null; the column claims 2 nulls.
        let miscounted = try Column(type: .int16, length: 3, nullCount: 2, validity: ByteBuffer(copying: [0xf5, 0xff]),
                                    buffers: [ByteBuffer(copying: [UInt8](repeating: 7, count: 40))])
        let batch = try ColumnFactory.batch([("st", st), ("s", strings), ("l", lists), ("m", miscounted)])
        return InteropCase(name: "oversized_buffers", format: .stream, schema: batch.schema, batches: [batch])
    }

    /// Several larger batches (compressible and incompressible buffers) with zstd.
    static func manyBatches() throws -> InteropCase {
        var batches: [RecordBatch] = []
        var state: UInt64 = 0x9e37_79b9_7f4a_7c15
        for size in [5000, 1, 0, 3000] {
            let noise = (0..<size).map { _ -> Int64? in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return Int64(bitPattern: state)
            }
            batches.append(try ColumnFactory.batch([
                ("noise", ColumnFactory.ints(noise, .int64)),
                ("repeat", ColumnFactory.strings((0..<size).map { "item-\($0 % 10)" })),
            ]))
        }
        return InteropCase(name: "many_batches_zstd", format: .file, schema: batches[0].schema, batches: batches,
                           options: .init(compression: .zstd()), stats: ["num_record_batches": 4])
    }
}
