#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The stdout and stderr files of task attempts under `logs/`
/// (`logs/FLOW/RUN/STEP/TASK/ATTEMPT.{stdout,stderr}`), for the executor to
/// write and `braid logs` to read.
public struct LogStore: Sendable {
    /// The store whose `logs/` this is.
    public let layout: StoreLayout

    /// The log store of the store at `layout`.
    public init(layout: StoreLayout) {
        self.layout = layout
    }

    /// The two log files of one attempt.
    public struct AttemptLogs: Sendable, Equatable {
        /// Where the attempt's stdout goes.
        public let stdoutPath: String
        /// Where the attempt's stderr goes.
        public let stderrPath: String

        /// The file of one stream.
        public func path(of stream: LogStream) -> String {
            stream == .stdout ? stdoutPath : stderrPath
        }
    }

    /// Creates an attempt's two log files, empty, with their directories.
    ///
    /// An attempt's files are new: if they exist (an attempt recorded again
    /// after a crash), they are emptied.
    /// - Throws: `StoreError` naming the file or directory that could not be made.
    @discardableResult
    public func createLogs(flow: String, run: RunID, step: String, task: TaskID, attempt: Int) throws -> AttemptLogs {
        let logs = paths(flow: flow, run: run, step: step, task: task, attempt: attempt)
        try SystemFile.createDirectory(SystemFile.parentDirectory(of: logs.stdoutPath))
        for path in [logs.stdoutPath, logs.stderrPath] {
            try SystemFile(path: path, flags: O_WRONLY | O_CREAT | O_TRUNC).close()
        }
        return logs
    }

    /// Where an attempt's logs are (whether or not they exist).
    public func paths(flow: String, run: RunID, step: String, task: TaskID, attempt: Int) -> AttemptLogs {
        AttemptLogs(stdoutPath: layout.logPath(flow: flow, run: run, step: step, task: task, attempt: attempt, stream: .stdout),
                    stderrPath: layout.logPath(flow: flow, run: run, step: step, task: task, attempt: attempt, stream: .stderr))
    }

    /// The whole text of a log file. Bytes that are not UTF-8 (a program
    /// printing binary) become U+FFFD rather than failing the read.
    /// - Throws: `StoreError` (`.notFound` when there is no such log).
    public func read(path: String) throws -> String {
        try FileMapping(path: path).withBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// The last `lines` lines of a log file, with their line ends, read from
    /// the end so that a huge log costs only what is shown. A last line without
    /// a newline counts as a line.
    public func tail(path: String, lines: Int) throws -> String {
        guard lines > 0 else { return "" }
        return try FileMapping(path: path).withBytes { bytes in Self.lastLines(lines, of: bytes) }
    }

    private static func lastLines(_ lines: Int, of bytes: UnsafeRawBufferPointer) -> String {
        var end = bytes.count
        // A final newline ends the last line; it does not start an empty one.
        if end > 0 && bytes[end - 1] == UInt8(ascii: "\n") { end -= 1 }
        var start = end
        var found = 0
        while start > 0 {
            if bytes[start - 1] == UInt8(ascii: "\n") {
                found += 1
                if found == lines { break }
            }
            start -= 1
        }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<bytes.count]), as: UTF8.self)
    }
}
