import ArrowIPC

/// Appends rows to one builder per column; `finish` makes a record batch and
/// starts new builders.
///
/// int64 and float64 values reach their builders in runs between nulls:
/// the builders are generic and in another module, so each call runs
/// unspecialized, and one bulk append costs what one single append does.
struct CSVBatchBuilder {
    private enum ColumnBuilder {
        case int64(FixedWidthBuilder<Int64>)
        case float64(FloatingPointBuilder<Double>)
        case bool(BoolBuilder)
        case utf8(VariableWidthBuilder)
    }

    let types: [DataType]
    let names: [String]
    let base: UnsafePointer<UInt8>
    let source: String
    private var builders: [ColumnBuilder] = []
    /// Per column, the int64 or float64 values not yet handed to the builder.
    private var pendingInts: [[Int64]]
    private var pendingDoubles: [[Double]]
    private(set) var rows = 0
    private static let runLength = 4096

    init(types: [DataType], names: [String], base: UnsafePointer<UInt8>, source: String) {
        self.types = types
        self.names = names
        self.base = base
        self.source = source
        pendingInts = types.map { _ in [] }
        pendingDoubles = types.map { _ in [] }
        builders = makeBuilders()
    }

    private func makeBuilders() -> [ColumnBuilder] {
        types.map { type in
            switch type {
            case .int64: .int64(FixedWidthBuilder<Int64>(type: .int64))
            case .float64: .float64(FloatingPointBuilder<Double>())
            case .bool: .bool(BoolBuilder())
            default: .utf8(VariableWidthBuilder(type: .utf8))
            }
        }
    }

    /// Appends one row, whose field count has been checked.
    mutating func append(_ fields: [CSVFieldSpan], line: Int) throws(CSVError) {
        for c in 0..<fields.count {
            let field = fields[c]
            let p = base + field.start
            let n = field.end - field.start
            switch builders[c] {
            case .int64(let builder):
                if n == 0 {
                    flush(c)
                    builder.append(nil)
                    continue
                }
                guard !field.hasEscapedQuotes, let value = CSVText.int64(p, n) else { throw badValue(field, c, line) }
                pendingInts[c].append(value)
                if pendingInts[c].count == Self.runLength { flush(c) }
            case .float64(let builder):
                if n == 0 {
                    flush(c)
                    builder.append(nil)
                    continue
                }
                guard !field.hasEscapedQuotes, let value = CSVText.double(p, n) else { throw badValue(field, c, line) }
                pendingDoubles[c].append(value)
                if pendingDoubles[c].count == Self.runLength { flush(c) }
            case .bool(let builder):
                if n == 0 { builder.append(nil); continue }
                guard !field.hasEscapedQuotes, let value = CSVText.bool(p, n) else { throw badValue(field, c, line) }
                builder.append(value)
            case .utf8(let builder):
                if n == 0 && !field.isQuoted {
                    builder.appendNull()
                } else if field.hasEscapedQuotes {
                    builder.append(bytes: field.unescaped(base))
                } else {
                    builder.append(bytes: UnsafeRawBufferPointer(start: p, count: n))
                }
            }
        }
        rows += 1
    }

    /// Hands column `c`'s pending values to its builder.
    private mutating func flush(_ c: Int) {
        switch builders[c] {
        case .int64(let builder) where !pendingInts[c].isEmpty:
            builder.append(contentsOf: pendingInts[c])
            pendingInts[c].removeAll(keepingCapacity: true)
        case .float64(let builder) where !pendingDoubles[c].isEmpty:
            builder.append(contentsOf: pendingDoubles[c])
            pendingDoubles[c].removeAll(keepingCapacity: true)
        default:
            break
        }
    }

    private func badValue(_ field: CSVFieldSpan, _ column: Int, _ line: Int) -> CSVError {
        var text = field.string(base)
        if text.count > 40 { text = String(text.prefix(40)) + "…" }
        let type = CSVTable.typeName(types[column])
        let hint = types[column] == .bool ? "; use true or false" : ""
        return CSVError(source: source, line: line, column: names[column], message: "'\(text)' is not a valid \(type)\(hint)")
    }

    /// The rows appended since the last batch, as a batch; starts new builders.
    mutating func finish(schema: Schema) -> RecordBatch {
        for c in builders.indices { flush(c) }
        let columns = builders.map { builder -> Column in
            switch builder {
            case .int64(let b): b.finish()
            case .float64(let b): b.finish()
            case .bool(let b): b.finish()
            case .utf8(let b): b.finish()
            }
        }
        // The columns are made here from the schema's own types, all `rows` long.
        let batch = try! RecordBatch(schema: schema, columns: columns, length: rows)
        builders = makeBuilders()
        rows = 0
        return batch
    }
}
