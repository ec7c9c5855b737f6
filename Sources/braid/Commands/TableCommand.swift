import ArgumentParser
import BraidCore
import Foundation

/// `braid table`: tables as named series of versions (docs/tables.md).
struct TableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "table", abstract: "Put, list, show, read and watch tables.",
        subcommands: [TablePut.self, TableList.self, TableShow.self, TableHead.self, TableResolve.self,
                      TableWatchCommand.self, TableUnwatch.self])
}

/// Table versions as JSON, the form `--json` answers and the clients read.
enum TableJSON {
    static func version(_ record: TableVersionRecord, layout: StoreLayout) -> JSONValue {
        .object([
            "table": .string(record.name), "version": .int(record.version), "rows": .int(record.rows), "schema": record.schema,
            "fingerprint": .string(record.fingerprint), "landed_at": .string(isoTime(record.landedAt) as? String ?? ""),
            "how": .string(record.how), "path": record.object.map { .string(layout.objectPath($0)) } ?? .null,
            "location": record.location.map(JSONValue.string) ?? .null, "commit": record.commit.map(JSONValue.string) ?? .null,
            "schema_changed": .bool(record.schemaChanged), "event_id": record.event.map(JSONValue.int) ?? .null,
            "producer": record.run.map { run in .object(["run": .int(run), "task": record.task.map(JSONValue.int) ?? .null]) } ?? .null,
        ])
    }
}

struct TableList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List tables and their latest versions.")
    @Flag(help: "One JSON object per line.") var json = false

    func run() throws {
        let layout = StoreLayout.fromEnvironment()
        guard FileManager.default.fileExists(atPath: layout.databasePath) else {
            if !json { print("No tables in \(layout.root).") }
            return
        }
        let tables = try MetadataStore(layout: layout).tables()
        if json {
            for table in tables {
                var object: [String: JSONValue] = ["table": .string(table.name), "versions": .int(Int64(table.versions))]
                object["latest"] = table.latest.map { TableJSON.version($0, layout: layout) } ?? .null
                object["watch"] = table.watch.map { .object(["path": .string($0.path), "kind": .string($0.kind)]) } ?? .null
                print(JSONValue.object(object).jsonText)
            }
            return
        }
        guard !tables.isEmpty else { return print("No tables. Put one with `braid table put NAME FILE`.") }
        var rows = [["TABLE", "VERSIONS", "LATEST", "ROWS", "LANDED", "HOW", "WATCH"]]
        for table in tables {
            var row = [table.name, String(table.versions)]
            if let latest = table.latest {
                row += [String(latest.version), String(latest.rows), shortTime(latest.landedAt), latest.how]
            } else {
                row += ["-", "-", "-", "-"]
            }
            row.append(table.watch.map { "\($0.kind) \($0.path)" } ?? "-")
            rows.append(row)
        }
        print(alignedColumns(rows))
    }
}

struct TableShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "A table's versions, producers and consumers.")
    @Argument(help: "The table.") var name: String
    @Flag(help: "One JSON object per version, with its consumers.") var json = false

    func run() throws {
        let layout = StoreLayout.fromEnvironment()
        let store = try MetadataStore(layout: layout)
        let versions = try store.tableVersions(name)
        guard !versions.isEmpty else { throw CommandFailure("there is no table named \(name) (braid table list shows the tables)") }
        if json {
            for version in versions {
                var object = TableJSON.version(version, layout: layout).objectValue ?? [:]
                let consumers = try store.tableConsumers(name, version: version.version)
                object["consumers"] = .array(consumers.map(JSONValue.int))
                object["consumer_pathspecs"] = .array(try consumers.map { .string(try runPathspec($0, store)) })
                object["producer_pathspec"] = try producer(version, store).map(JSONValue.string) ?? .null
                print(JSONValue.object(object).jsonText)
            }
            return
        }
        print("Table \(name): \(versions.count) version\(versions.count == 1 ? "" : "s")")
        var rows = [["VERSION", "ROWS", "LANDED", "HOW", "PRODUCER", "CONSUMERS", "SCHEMA"]]
        for version in versions {
            let consumers = try store.tableConsumers(name, version: version.version)
            rows.append([String(version.version), String(version.rows), shortTime(version.landedAt),
                         version.how + (version.commit.map { " \($0)" } ?? ""), try producer(version, store) ?? "-",
                         consumers.isEmpty ? "-" : try consumers.map { try runPathspec($0, store) }.joined(separator: ", "),
                         (version.schemaChanged ? "changed: " : "") + TableSchemaText.describe(version.schema)])
        }
        print(alignedColumns(rows))
    }

    private func producer(_ version: TableVersionRecord, _ store: MetadataStore) throws -> String? {
        guard let run = version.run else { return nil }
        let base = try runPathspec(run, store)
        guard let task = version.task, let record = try store.tasks(run: run).first(where: { $0.id == task }) else { return base }
        return "\(base)/\(record.step)/\(task)"
    }

    private func runPathspec(_ run: RunID, _ store: MetadataStore) throws -> String {
        try store.run(id: run)?.pathspec ?? "run \(run)"
    }
}

struct TableHead: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "head", abstract: "The schema and first rows of a table version.")
    @Argument(help: "The table.") var name: String
    @Option(help: "The version (default: the latest).") var version: Int64?
    @Option(name: [.customShort("n"), .customLong("rows")], help: "How many rows to print.") var rows = 10

    func run() throws {
        let layout = StoreLayout.fromEnvironment()
        let record: TableVersionRecord
        do {
            record = try MetadataStore(layout: layout).resolveTable(name, version: version)
        } catch let error as TableError {
            throw CommandFailure("\(error)")
        }
        guard let object = record.object else {
            throw CommandFailure("\(name) version \(record.version) stays in \(record.location ?? "its location") (\(record.how) commit "
                + "\(record.commit ?? "-")); read it from Python (braid.Table(\"\(name)\", version=\(record.version)).read())")
        }
        // Through the same handle ArrowHead writes to, so the lines come out in order.
        FileHandle.standardOutput.write(Data("Table \(name) version \(record.version) (\(record.how), landed \(shortTime(record.landedAt)))\n".utf8))
        var head = try ArrowHead.parse([layout.objectPath(object), "-n", String(rows)])
        try head.run()
    }
}

struct TableResolve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve", abstract: "Which version a read gets, and where its bytes are (what the clients call).")
    @Argument(help: "The table.") var name: String
    @Option(help: "An explicit version (default: the one the run sees, or the latest).") var version: Int64?
    @Option(name: .customLong("from"), help: ArgumentHelp("The reading task, inside a run.", valueName: "FLOW/RUN/STEP/TASK"))
    var source: String?
    @Flag(help: "Answer as JSON (the only form; kept for symmetry with the clients' calls).") var json = false

    func run() throws {
        let layout = StoreLayout.fromEnvironment()
        do {
            let record = try MetadataStore(layout: layout).resolveTable(name, version: version, source: source)
            print(TableJSON.version(record, layout: layout).jsonText)
        } catch let error as TableError {
            throw CommandFailure("\(error)")
        }
    }
}

/// `2026-12-08T10:15:00`: a time in a table's column.
func shortTime(_ date: Date) -> String {
    (isoTime(date) as? String).map { String($0.prefix(19)) } ?? "-"
}
