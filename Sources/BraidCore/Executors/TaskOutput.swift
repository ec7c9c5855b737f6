import Glibc

/// What one task attempt prints: kept in its two log files and shown live.
///
/// The log files get the bytes exactly as read (one `write(2)` per read, no
/// line splitting). Both files are created (empty, with their directory) when
/// the attempt starts, as the store's `LogStore.createLogs` does: a reader
/// then tells "printed nothing" (an empty file) from "no such attempt" (no file). The live printer gets whole lines, with lines longer than
/// ``maxLiveLineBytes`` cut into pieces, and the unterminated last line of
/// each stream when the attempt ends, so memory stays bounded whatever the
/// step prints. A log file that cannot be written does not fail the task.
public final class TaskOutput {
    /// The longest piece of a line the live printer is given.
    public static let maxLiveLineBytes = 64 << 10

    /// The task's `FLOW/RUN/STEP/TASK`, the live printer's prefix.
    public let label: String
    /// The first error creating or writing a log file, if any (the output is then only shown live).
    public private(set) var logError: SystemError?
    private let paths: [String]  // stdout, stderr
    private var files: [Int32] = []  // -1 once closed
    private var framers: [LineFramer]
    private let printer: (any LiveOutputPrinter)?

    /// Creates (or empties) both log files and their directory.
    /// - Throws: ``SystemError`` when the directory or a file cannot be made.
    public init(stdoutPath: String, stderrPath: String, label: String, printer: (any LiveOutputPrinter)?) throws(SystemError) {
        self.label = label
        self.printer = printer
        self.paths = [stdoutPath, stderrPath]
        let framer = LineFramer(maxLineBytes: Self.maxLiveLineBytes, overlong: .split)
        framers = [framer, framer]
        if let slash = stdoutPath.lastIndex(of: "/") { try SystemCalls.makeDirectories(String(stdoutPath[..<slash])) }
        for path in paths {
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_APPEND, 0o644)
            guard fd >= 0 else {
                let code = errno
                for opened in files { close(opened) }
                files = []  // deinit runs for a throwing class init once every property is set
                throw SystemError("open \(path)", code)
            }
            files.append(fd)
        }
    }

    deinit {
        finish()
    }

    /// Takes bytes the worker wrote to one of its streams.
    public func consume(_ bytes: UnsafeRawBufferPointer, from stream: LogStream) {
        let i = stream == .stdout ? 0 : 1
        if files[i] >= 0, !SystemCalls.writeAll(files[i], bytes) {
            logError = logError ?? SystemError("write \(paths[i])", errno)
        }
        guard let printer else { return }
        // The .split framer never throws.
        try? framers[i].append(bytes) { line in printer.printLine(line, stream: stream, label: label) }
    }

    /// Adds an engine note to a stream (e.g. why the worker could not start), as its own line.
    public func note(_ text: String, on stream: LogStream) {
        var line = Array(text.utf8)
        line.append(0x0A)
        line.withUnsafeBytes { consume($0, from: stream) }
    }

    /// Shows the streams' unterminated last lines and closes the files; idempotent.
    public func finish() {
        for (i, stream) in [LogStream.stdout, .stderr].enumerated() where i < files.count {
            if let tail = framers[i].finish(), let printer {
                tail.withUnsafeBytes { printer.printLine($0, stream: stream, label: label) }
            }
            if files[i] >= 0 { close(files[i]) }
            files[i] = -1
        }
    }
}
