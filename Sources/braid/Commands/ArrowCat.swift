import ArgumentParser
import ArrowIPC
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `braid arrow cat IN -o OUT`: rewrites an Arrow IPC file or stream, keeping
/// its schema, all metadata and every batch, optionally in the other format
/// or with another body compression.
struct ArrowCat: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cat",
        abstract: "Rewrite an Arrow IPC file or stream (format and compression can change).",
        discussion: """
            OUT is written atomically: to OUT.tmp-<pid> next to it, then renamed. \
            "-o -" writes a stream to standard output.
            """
    )

    enum FormatChoice: String, ExpressibleByArgument, CaseIterable {
        case file, stream

        var format: IPCFormat { self == .file ? .file : .stream }
    }

    enum CompressionChoice: String, ExpressibleByArgument, CaseIterable {
        case none, zstd, lz4

        var codec: BodyCompressionCodec? {
            switch self {
            case .none: nil
            case .zstd: .zstd(level: 1)
            case .lz4: .lz4Frame
            }
        }
    }

    @Argument(help: "The Arrow IPC file or stream to read.")
    var input: String

    @Option(name: [.customShort("o"), .customLong("output")], help: "Where to write (\"-\": standard output, stream format only).")
    var output: String

    @Option(help: "Output format: file or stream (default: the input's).")
    var format: FormatChoice?

    @Option(help: "Body compression: none, zstd or lz4.")
    var compression: CompressionChoice = .none

    func validate() throws {
        if output == "-" && format == .file {
            throw ValidationError("-o - writes to standard output, which takes the stream format only")
        }
        if output.isEmpty { throw ValidationError("-o needs a path") }
    }

    func run() throws {
        let table: ArrowTable
        do {
            table = try ArrowTable.read(path: input)
        } catch {
            reportArrowFailure("cat", error.description)
            throw ExitCode(1)
        }
        let outputFormat = format?.format ?? table.format
        if output == "-" && outputFormat == .file {
            // A usage error, found only once the input's format is known.
            reportArrowFailure("cat", "\(input) is an Arrow IPC file; -o - takes the stream format only (add --format stream)")
            throw ExitCode.validationFailure
        }
        let options = WriteOptions(compression: compression.codec)
        do {
            if output == "-" {
                let sink = FileSink(fileDescriptor: STDOUT_FILENO, path: "standard output")
                try Self.write(table, to: sink, format: .stream, options: options)
                try sink.close()
            } else {
                try Self.writeAtomically(table, to: output, format: outputFormat, options: options)
            }
        } catch let error as ArrowIPCError {
            reportArrowFailure("cat", error.description)
            throw ExitCode(1)
        } catch let error as CatFailure {
            reportArrowFailure("cat", error.message)
            throw ExitCode(1)
        }
    }

    struct CatFailure: Error {
        let message: String
    }

    /// Writes to `path.tmp-<pid>`, then renames it over `path`; the temporary
    /// file is removed when anything fails.
    static func writeAtomically(_ table: ArrowTable, to path: String, format: IPCFormat, options: WriteOptions) throws {
        let temporary = "\(path).tmp-\(getpid())"
        do {
            let sink = try FileSink(path: temporary, syncOnClose: true)
            do {
                try write(table, to: sink, format: format, options: options)
                try sink.close()
            } catch {
                try? sink.close()
                throw error
            }
            guard rename(temporary, path) == 0 else {
                throw CatFailure(message: "cannot rename \(temporary) to \(path): \(String(cString: strerror(errno)))")
            }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// Writes the schema, every batch and (for a file) the footer metadata.
    static func write(_ table: ArrowTable, to sink: FileSink, format: IPCFormat, options: WriteOptions) throws(ArrowIPCError) {
        switch format {
        case .file:
            let writer = try FileWriter(sink: sink, schema: table.schema, options: options, metadata: table.metadata)
            for batch in table.batches { try writer.write(batch) }
            try writer.finish()
        case .stream:
            let writer = try StreamWriter(sink: sink, schema: table.schema, options: options)
            for batch in table.batches { try writer.write(batch) }
            try writer.finish()
        }
    }
}
