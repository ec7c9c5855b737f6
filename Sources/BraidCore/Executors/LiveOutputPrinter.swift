import Glibc

/// Where the engine shows what tasks print, as they print it.
///
/// Called on the engine's loop thread with one line at a time (no newline),
/// already cut to at most 64 KiB.
public protocol LiveOutputPrinter: AnyObject {
    /// Shows one line a task printed.
    /// - Parameters:
    ///   - line: the bytes, valid only during the call.
    ///   - stream: stdout or stderr.
    ///   - label: the task's `FLOW/RUN/STEP/TASK`.
    func printLine(_ line: UnsafeRawBufferPointer, stream: LogStream, label: String)
}

/// Prints task lines to a terminal or file as `[FLOW/RUN/STEP/TASK] 14:03:07.512 text`.
///
/// Everything goes to one descriptor (stderr by default) so the engine's
/// stdout stays free for whatever a client reads from it.
public final class ConsolePrinter: LiveOutputPrinter {
    private let fd: Int32
    private var buffer: [UInt8] = []

    /// - Parameter fileDescriptor: where to print; 2 (stderr) by default.
    public init(fileDescriptor: Int32 = 2) {
        self.fd = fileDescriptor
    }

    /// Writes `[LABEL] HH:MM:SS.mmm LINE` in one write.
    public func printLine(_ line: UnsafeRawBufferPointer, stream: LogStream, label: String) {
        buffer.removeAll(keepingCapacity: true)
        Self.appendLine(line, label: label, to: &buffer)
        // One write per line, so lines of concurrent tasks never interleave mid-line.
        buffer.withUnsafeBytes { _ = SystemCalls.writeAll(fd, $0) }
    }

    /// Appends `[LABEL] HH:MM:SS.mmm LINE\n`: how every task line is shown.
    static func appendLine(_ line: UnsafeRawBufferPointer, label: String, to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "["))
        buffer.append(contentsOf: label.utf8)
        buffer.append(contentsOf: "] ".utf8)
        appendTimestamp(to: &buffer)
        buffer.append(UInt8(ascii: " "))
        buffer.append(contentsOf: line)
        buffer.append(0x0A)
    }

    /// Local wall-clock time as `HH:MM:SS.mmm`, without Foundation's formatters (a few hundred ns).
    static func appendTimestamp(to buffer: inout [UInt8]) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        localtime_r(&seconds, &parts)
        func two(_ value: Int32) {
            buffer.append(UInt8(48 + value / 10))
            buffer.append(UInt8(48 + value % 10))
        }
        two(parts.tm_hour); buffer.append(UInt8(ascii: ":"))
        two(parts.tm_min); buffer.append(UInt8(ascii: ":"))
        two(parts.tm_sec); buffer.append(UInt8(ascii: "."))
        let millis = Int32(now.tv_nsec / 1_000_000)
        buffer.append(UInt8(48 + millis / 100))
        two(millis % 100)
    }
}
