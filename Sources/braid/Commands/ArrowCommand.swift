import ArgumentParser
import ArrowIPC
import Foundation

/// `braid arrow`: look at and rewrite Arrow IPC files and streams.
struct ArrowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "arrow",
        abstract: "Inspect and rewrite Arrow IPC files and streams.",
        subcommands: [ArrowHead.self, ArrowCat.self]
    )
}

/// Writes `message` to standard error, prefixed with the command's name.
func reportArrowFailure(_ command: String, _ message: String) {
    FileHandle.standardError.write(Data("braid arrow \(command): \(message)\n".utf8))
}

extension IPCFormat {
    var name: String {
        switch self {
        case .file: "file"
        case .stream: "stream"
        }
    }
}

// MARK: - head

/// `braid arrow head FILE [-n N]`: the header, schema, metadata and first rows.
struct ArrowHead: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "head",
        abstract: "Print the schema, metadata and first rows of an Arrow IPC file or stream."
    )

    @Argument(help: "The Arrow IPC file or stream to read.")
    var file: String

    @Option(name: [.customShort("n"), .customLong("rows")], help: "How many rows to print.")
    var rows = 10

    func validate() throws {
        guard rows >= 0 else { throw ValidationError("-n must be 0 or more, got \(rows)") }
    }

    func run() throws {
        let table: ArrowTable
        do {
            table = try ArrowTable.read(path: file)
        } catch {
            reportArrowFailure("head", error.description)
            throw ExitCode(1)
        }
        FileHandle.standardOutput.write(Data(Self.describe(table, name: file, rows: rows).utf8))
    }

    /// Longest metadata value printed before it is cut with "…".
    static let maxValueWidth = 100

    static func describe(_ table: ArrowTable, name: String, rows: Int) -> String {
        let batches = table.batches.count
        let columns = table.schema.fields.count
        var out = "\(name): Arrow IPC \(table.format.name), \(table.rowCount) row\(table.rowCount == 1 ? "" : "s") "
            + "in \(batches) record batch\(batches == 1 ? "" : "es"), \(columns) column\(columns == 1 ? "" : "s")\n"
        out += "schema:\n"
        for field in table.schema.fields {
            out += "  \(field.name): \(field.type)\(field.isNullable ? "" : " not null")\n"
            out += metadataLines(field.metadata, indent: "    ")
        }
        if !table.schema.metadata.isEmpty {
            out += "schema metadata:\n" + metadataLines(table.schema.metadata, indent: "  ")
        }
        if !table.metadata.isEmpty {
            out += "file metadata:\n" + metadataLines(table.metadata, indent: "  ")
        }
        if rows > 0 {
            out += "\n" + TableRenderer().render(schema: table.schema, batches: table.batches, limit: rows)
        }
        return out
    }

    static func metadataLines(_ entries: [KeyValue], indent: String) -> String {
        entries.map { "\(indent)\($0.key.replacingNewlines()): \(cut($0.value))\n" }.joined()
    }

    static func cut(_ value: String) -> String {
        let flat = value.replacingNewlines()
        return flat.count <= maxValueWidth ? flat : String(flat.prefix(maxValueWidth - 1)) + "…"
    }
}
