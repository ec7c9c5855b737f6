public import ArrowIPC

/// Reads CSV text into an Arrow table, for `braid table put sales data.csv`
/// (docs/tables.md).
///
/// The dialect is RFC 4180's: a comma between fields, a header row naming the
/// columns, fields optionally in double quotes (`""` writes a quote inside
/// them; quoted fields may hold commas and line ends), CRLF or LF line ends.
/// An optional UTF-8 byte order mark is skipped, the final line end is
/// optional, and blank lines at the very end of the file are ignored (blank
/// lines elsewhere are rows). A lone CR that is not before an LF is data.
///
/// Without a schema each column's type is inferred from all its values:
/// int64 when every non-empty value is a 64-bit integer, else float64 when
/// every one is a number (`1e3`, `-0.5`, `nan`, `inf`, any case), else bool
/// when every one is `true`/`false` (`TRUE`, `True`, ...), else utf8. Quoted
/// values are converted like unquoted ones. An unquoted empty field is null;
/// a quoted empty field (`""`) is the empty string in a utf8 column and null
/// in the others. A column whose values are all empty is utf8.
///
/// Line numbers in errors count physical lines from 1 (the header's first
/// line), so a row that follows a quoted field holding a line end is named by
/// the line it starts on, as an editor shows it.
///
/// ```swift
/// let table = try CSVTable.read(bytes, schema: try CSVTable.parseSchema("id:int64,price:float64"),
///                               source: "prices.csv")
/// ```
public enum CSVTable {
    /// Parses CSV bytes into one table (one record batch, or several for
    /// inputs over a gigabyte, so that no utf8 column outgrows 32-bit offsets).
    ///
    /// - Parameters:
    ///   - schema: the columns the header must name, in order, and their
    ///     types; nil infers the types.
    ///   - source: the file name that error messages start with.
    /// - Throws: `CSVError` naming the line, and the column and value when
    ///   one is at fault.
    public static func read(_ bytes: [UInt8], schema: [CSVColumnSpec]? = nil, source: String) throws(CSVError) -> ArrowTable {
        // `Array.withUnsafeBytes` rethrows untyped, so the result comes out as a `Result`.
        try bytes.withUnsafeBytes { buffer in
            Result { () throws(CSVError) in try read(buffer, schema: schema, source: source) }
        }.get()
    }

    /// Parses CSV bytes in memory (e.g. a memory-mapped file) into one table.
    public static func read(_ bytes: UnsafeRawBufferPointer, schema: [CSVColumnSpec]? = nil,
                            source: String) throws(CSVError) -> ArrowTable {
        try read(bytes, schema: schema, source: source, batchByteLimit: 1 << 30)
    }

    /// - Parameter batchByteLimit: a new record batch starts after a row that
    ///   takes the current batch past this many bytes of input.
    static func read(_ bytes: UnsafeRawBufferPointer, schema: [CSVColumnSpec]?, source: String,
                     batchByteLimit: Int) throws(CSVError) -> ArrowTable {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), !bytes.isEmpty else {
            throw CSVError(source: source, message: "the file is empty; a CSV needs a header row naming its columns")
        }
        let count = bytes.count
        if let bad = CSVText.firstInvalidUTF8(base, count) {
            let byte = "0x" + String(base[bad], radix: 16, uppercase: true)
            throw CSVError(source: source, line: CSVText.line(at: bad, base),
                           message: "invalid UTF-8 (byte \(byte)); save the file as UTF-8")
        }
        let bom = count >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF ? 3 : 0
        var tokenizer = CSVTokenizer(base: base, count: count, position: bom, source: source)
        var fields: [CSVFieldSpan] = []
        guard try tokenizer.nextRecord(into: &fields) != nil else {
            throw CSVError(source: source, message: "the file is empty; a CSV needs a header row naming its columns")
        }
        let names = try headerNames(fields, base: base, source: source)
        let afterHeader = tokenizer

        let types: [DataType]
        if let schema {
            try check(schema, against: names, source: source)
            types = schema.map(\.type)
        } else {
            types = try inferTypes(&tokenizer, columns: names.count)
            tokenizer = afterHeader
        }
        let arrowSchema = Schema(names.indices.map { Field(names[$0], types[$0], isNullable: true) })
        var builder = CSVBatchBuilder(types: types, names: names, base: base, source: source)
        var batches: [RecordBatch] = []
        var batchStart = tokenizer.position
        while let line = try tokenizer.nextRecord(into: &fields) {
            guard fields.count == names.count else { throw raggedRow(line, fields.count, names.count, source) }
            try builder.append(fields, line: line)
            if tokenizer.position - batchStart >= batchByteLimit {
                batches.append(builder.finish(schema: arrowSchema))
                batchStart = tokenizer.position
            }
        }
        if builder.rows > 0 || batches.isEmpty { batches.append(builder.finish(schema: arrowSchema)) }
        // `format` says which IPC format bytes were read from; a table from CSV is written as a file.
        return ArrowTable(schema: arrowSchema, batches: batches, format: .file)
    }

    /// Parses a schema given as text: `id:int64,price:float64,day:utf8,ok:bool`.
    /// The types may also be written `int`, `float`, `double`, `boolean`,
    /// `str` or `string`, in any case; spaces around names and types are
    /// ignored. A name may hold `:` (the type follows the last one).
    public static func parseSchema(_ text: String) throws(CSVError) -> [CSVColumnSpec] {
        guard !text.allSatisfy(\.isWhitespace) else {
            throw CSVError(message: "the schema is empty; write name:type pairs separated by commas, e.g. 'id:int64,price:float64'")
        }
        var specs: [CSVColumnSpec] = []
        for (i, entry) in text.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
            let trimmed = entry.trimmingWhitespace
            guard !trimmed.isEmpty else {
                throw CSVError(message: "schema entry \(i + 1) is empty; remove the extra comma")
            }
            guard let colon = trimmed.lastIndex(of: ":") else {
                throw CSVError(message: "schema entry '\(trimmed)' has no type; write it as \(trimmed):TYPE, with TYPE one of \(typeNames)")
            }
            let name = trimmed[..<colon].trimmingWhitespace
            let typeText = trimmed[trimmed.index(after: colon)...].trimmingWhitespace
            guard !name.isEmpty else { throw CSVError(message: "schema entry '\(trimmed)' has no column name before the ':'") }
            guard let type = typeAliases[typeText.lowercased()] else {
                throw CSVError(message: "schema entry '\(trimmed)' has the unknown type '\(typeText)'; use one of \(typeNames)")
            }
            guard !specs.contains(where: { $0.name == name }) else {
                throw CSVError(message: "the schema names '\(name)' twice; each column can have one type")
            }
            specs.append(CSVColumnSpec(name: String(name), type: type))
        }
        return specs
    }

    /// The types a CSV column can have, as the schema text spells them.
    static let typeNames = "int64, float64, bool, utf8"

    static let typeAliases: [String: DataType] = [
        "int64": .int64, "int": .int64,
        "float64": .float64, "float": .float64, "double": .float64,
        "bool": .bool, "boolean": .bool,
        "utf8": .utf8, "str": .utf8, "string": .utf8,
    ]

    /// `type` as the schema text spells it (`float64`, not Arrow's `double`).
    static func typeName(_ type: DataType) -> String {
        switch type {
        case .int64: "int64"
        case .float64: "float64"
        case .bool: "bool"
        case .utf8: "utf8"
        default: type.description
        }
    }

    // MARK: - Header and schema

    private static func headerNames(_ fields: [CSVFieldSpan], base: UnsafePointer<UInt8>,
                                    source: String) throws(CSVError) -> [String] {
        var names: [String] = []
        var firstColumn: [String: Int] = [:]
        for (i, field) in fields.enumerated() {
            let name = field.string(base)
            guard !name.isEmpty else {
                throw CSVError(source: source, line: 1,
                               message: "column \(i + 1) of the header has no name; every column needs one")
            }
            if let first = firstColumn[name] {
                throw CSVError(source: source, line: 1,
                               message: "the header names '\(name)' twice (columns \(first) and \(i + 1)); column names must be unique")
            }
            firstColumn[name] = i + 1
            names.append(name)
        }
        return names
    }

    private static func check(_ schema: [CSVColumnSpec], against names: [String], source: String) throws(CSVError) {
        for spec in schema where ![DataType.int64, .float64, .bool, .utf8].contains(spec.type) {
            throw CSVError(source: source, message: "the schema gives column '\(spec.name)' the type \(spec.type); a CSV column can be \(typeNames)")
        }
        guard schema.count == names.count else {
            throw CSVError(source: source, line: 1, message: "the header has \(names.count) columns (\(names.joined(separator: ", "))) "
                + "but the schema has \(schema.count) (\(schema.map(\.name).joined(separator: ", ")))")
        }
        for (i, (name, spec)) in zip(names, schema).enumerated() where name != spec.name {
            throw CSVError(source: source, line: 1, message: "column \(i + 1) of the header is '\(name)' but the schema names '\(spec.name)'; "
                + "the schema must name the header's columns in order")
        }
    }

    private static func raggedRow(_ line: Int, _ count: Int, _ expected: Int, _ source: String) -> CSVError {
        CSVError(source: source, line: line, message: "\(count) field\(count == 1 ? "" : "s"), the header has \(expected)")
    }

    // MARK: - Inference

    /// Reads every row once, checking its field count, and narrows each
    /// column's candidate types with each non-empty value.
    private static func inferTypes(_ tokenizer: inout CSVTokenizer, columns: Int) throws(CSVError) -> [DataType] {
        var candidates = [UInt8](repeating: Candidates.all, count: columns)
        var sawValue = [Bool](repeating: false, count: columns)
        var fields: [CSVFieldSpan] = []
        let base = tokenizer.base
        while let line = try tokenizer.nextRecord(into: &fields) {
            guard fields.count == columns else { throw raggedRow(line, fields.count, columns, tokenizer.source) }
            for c in 0..<columns {
                let field = fields[c]
                let length = field.end - field.start
                guard length > 0 else { continue }
                sawValue[c] = true
                let remaining = candidates[c]
                guard remaining != 0 else { continue }
                guard !field.hasEscapedQuotes else { candidates[c] = 0; continue }
                candidates[c] = remaining & Candidates.of(base + field.start, length, among: remaining)
            }
        }
        return (0..<columns).map { c in
            let remaining = candidates[c]
            if !sawValue[c] { return .utf8 }
            if remaining & Candidates.int64 != 0 { return .int64 }
            if remaining & Candidates.float64 != 0 { return .float64 }
            if remaining & Candidates.bool != 0 { return .bool }
            return .utf8
        }
    }

    /// The types a column may still have, as bits.
    private enum Candidates {
        static let int64: UInt8 = 1, float64: UInt8 = 2, bool: UInt8 = 4
        static let all: UInt8 = int64 | float64 | bool

        /// The candidate types (of `remaining`) that the value fits.
        @inline(__always)
        static func of(_ p: UnsafePointer<UInt8>, _ n: Int, among remaining: UInt8) -> UInt8 {
            var fits: UInt8 = 0
            if remaining & int64 != 0, CSVText.int64(p, n) != nil {
                fits |= int64 | float64
            } else if remaining & float64 != 0, CSVText.double(p, n) != nil {
                fits |= float64
            }
            if remaining & bool != 0, CSVText.bool(p, n) != nil { fits |= bool }
            return fits
        }
    }
}

/// A column of a CSV schema: its name in the header, and its type (int64,
/// float64, bool or utf8).
