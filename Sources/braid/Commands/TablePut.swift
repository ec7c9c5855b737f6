import ArgumentParser
import ArrowIPC
import BraidCore
import Foundation

/// `braid table put NAME FILE`: lands a new version of a table (docs/tables.md).
///
/// The input becomes one checked Arrow IPC file in the store's spool (moved
/// there with `--move`, copied, or written from a stream or CSV), which the
/// object store then checks and moves into `objects/` under its hash; only
/// then is the version recorded. A failure at any point leaves no version
/// and removes the staged file.
struct TablePut: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "put", abstract: "Land a new version of a table from a file.")
    @Argument(help: "The table.") var name: String
    @Argument(help: "An Arrow IPC file or stream, a Feather v2 file, or a CSV file with a header.") var file: String
    @Option(help: "The input's format: auto (CSV by the .csv extension, else Arrow), arrow or csv.") var format = "auto"
    @Option(help: "CSV column types, e.g. 'id:int64,price:float64,day:utf8,ok:bool' (default: inferred).") var schema: String?
    @Flag(name: .customLong("same-schema"), help: "Refuse a schema that differs from the latest version's.") var sameSchema = false
    @Flag(help: "Land a new version even when the content equals the latest version's.") var force = false
    @Flag(help: "The file is in the store's spool and may be moved into the store (the clients use it).") var move = false
    @Option(name: .customLong("from"), help: ArgumentHelp("The task putting it, inside a run.", valueName: "FLOW/RUN/STEP/TASK"))
    var source: String?
    @Flag(help: "Answer as JSON.") var json = false

    func run() throws {
        if let problem = TableNames.problem(with: name) { throw CommandFailure("cannot put: \(problem)") }
        guard ["auto", "arrow", "csv"].contains(format) else { throw CommandFailure("--format is auto, arrow or csv, not '\(format)'") }
        let layout = StoreLayout.fromEnvironment()
        try layout.createDirectories()
        let store = try MetadataStore(layout: layout)
        let staged = try TableStaging(layout: layout)
        defer { staged.discard() }
        let (rows, arrowSchema) = try stage(into: staged, layout: layout)
        let object: (hash: String, size: Int64)
        do {
            object = try ObjectStore(layout: layout).ingest(spoolFile: staged.path, requiresMetadata: false)
        } catch {
            throw CommandFailure("cannot put \(name): \(error)")
        }
        let landing: TableLanding
        do {
            landing = try store.land(NewTableVersion(name: name, rows: rows, schema: TableSchemaText.json(arrowSchema), fingerprint: object.hash,
                                                     how: source == nil ? "put" : "flow", source: source, object: object,
                                                     publisher: currentUser()),
                                     force: force, sameSchema: sameSchema)
        } catch let error as TableError {
            throw CommandFailure("cannot put \(name): \(error)")
        }
        DaemonWakeup.notify(layout: layout)
        report(landing, layout: layout)
    }

    /// Makes the staged Arrow IPC file; returns its row count and schema.
    private func stage(into staged: TableStaging, layout: StoreLayout) throws -> (Int64, Schema) {
        let isCSV = format == "csv" || (format == "auto" && file.lowercased().hasSuffix(".csv"))
        if isCSV {
            guard let data = FileManager.default.contents(atPath: file) else { throw CommandFailure("cannot read \(file)") }
            do {
                let columns = try schema.map(CSVTable.parseSchema)
                let table = try CSVTable.read(Array(data), schema: columns, source: file)
                try staged.write(table)
                return (Int64(table.rowCount), table.schema)
            } catch let error as CSVError {
                throw CommandFailure("cannot put \(name): \(error)")
            }
        }
        if schema != nil { throw CommandFailure("--schema is for CSV input; \(file) is read as Arrow") }
        let table: ArrowTable
        do {
            table = try ArrowTable.read(path: file)
        } catch {
            throw CommandFailure("cannot put \(name): \(file) is not a readable Arrow IPC file or stream: \(error)")
        }
        if table.format == .stream {
            try staged.write(table)
            if move { unlink(file) }
        } else if move {
            let directory = CodePackage.canonical((file as NSString).deletingLastPathComponent)
            guard directory == CodePackage.canonical(layout.spoolDirectory) else {
                throw CommandFailure("--move takes a file in the store's spool (\(layout.spoolDirectory)), not \(file)")
            }
            try staged.adopt(file)
        } else {
            try staged.copy(file)
        }
        return (Int64(table.rowCount), table.schema)
    }

    private func report(_ landing: TableLanding, layout: StoreLayout) {
        let (record, landed): (TableVersionRecord, Bool)
        switch landing {
        case .landed(let version): (record, landed) = (version, true)
        case .unchanged(let version): (record, landed) = (version, false)
        }
        if json {
            var object = TableJSON.version(record, layout: layout).objectValue ?? [:]
            object["landed"] = .bool(landed)
            print(JSONValue.object(object).jsonText)
        } else if landed {
            print("Landed \(name) version \(record.version): \(record.rows) rows, fingerprint \(record.fingerprint.prefix(12))"
                + (record.schemaChanged ? "; the schema changed: \(TableSchemaText.describe(record.schema))" : "") + ".")
        } else {
            print("\(name): the content equals version \(record.version); no new version, nothing triggered (--force lands it anyway).")
        }
    }
}
