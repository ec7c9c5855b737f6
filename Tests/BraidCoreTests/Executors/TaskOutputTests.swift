import Foundation
import Glibc
import Testing
@testable import BraidCore

/// Collects what a live printer is given.
final class CollectingPrinter: LiveOutputPrinter, @unchecked Sendable {
    private let lock = NSLock()
    private var _lines: [(label: String, stream: LogStream, text: String)] = []

    var lines: [(label: String, stream: LogStream, text: String)] { lock.withLock { _lines } }

    func printLine(_ line: UnsafeRawBufferPointer, stream: LogStream, label: String) {
        let text = String(decoding: line, as: UTF8.self)
        lock.withLock { _lines.append((label, stream, text)) }
    }

    func texts(_ stream: LogStream) -> [String] { lines.filter { $0.stream == stream }.map(\.text) }
}

extension ExecutorsTests {
    @Suite struct TaskOutputTests {
        @Test func keepsExactBytesInFilesAndWholeLinesLive() throws {
            let dir = try TemporaryDirectory()
            let printer = CollectingPrinter()
            let output = try TaskOutput(stdoutPath: dir.path + "/0.stdout", stderrPath: dir.path + "/0.stderr", label: "F/1/s/2", printer: printer)
            for chunk in ["hel", "lo\nwor", "ld\npartial"] {
                Array(chunk.utf8).withUnsafeBytes { output.consume($0, from: .stdout) }
            }
            Array("oops\n".utf8).withUnsafeBytes { output.consume($0, from: .stderr) }
            output.note("engine note", on: .stderr)
            output.finish()
            #expect(printer.texts(.stdout) == ["hello", "world", "partial"])
            #expect(printer.texts(.stderr) == ["oops", "engine note"])
            #expect(printer.lines.allSatisfy { $0.label == "F/1/s/2" })
            #expect(try String(contentsOfFile: dir.path + "/0.stdout", encoding: .utf8) == "hello\nworld\npartial")
            #expect(try String(contentsOfFile: dir.path + "/0.stderr", encoding: .utf8) == "oops\nengine note\n")
        }

        @Test func createsBothLogFilesUpFront() throws {
            let dir = try TemporaryDirectory()
            let output = try TaskOutput(stdoutPath: dir.path + "/logs/t/0.stdout", stderrPath: dir.path + "/logs/t/0.stderr", label: "x", printer: nil)
            Array("only stdout\n".utf8).withUnsafeBytes { output.consume($0, from: .stdout) }
            output.finish()
            #expect(FileManager.default.fileExists(atPath: dir.path + "/logs/t/0.stdout"))
            #expect(try String(contentsOfFile: dir.path + "/logs/t/0.stderr", encoding: .utf8) == "", "printed nothing: an empty file")
            #expect(output.logError == nil)
        }

        @Test func reportsALogFileItCannotCreate() throws {
            let dir = try TemporaryDirectory()
            #expect(throws: SystemError.self) {
                _ = try TaskOutput(stdoutPath: "/dev/null/t/0.stdout", stderrPath: "/dev/null/t/0.stderr", label: "x", printer: nil)
            }
            // stdout opens, stderr (a directory) does not: nothing is left open or closed twice.
            let error = #expect(throws: SystemError.self) {
                _ = try TaskOutput(stdoutPath: dir.path + "/0.stdout", stderrPath: dir.path, label: "x", printer: nil)
            }
            #expect(error?.code == EISDIR)
        }

        @Test func splitsHugeLinesForThePrinter() throws {
            let dir = try TemporaryDirectory()
            let printer = CollectingPrinter()
            let output = try TaskOutput(stdoutPath: dir.path + "/o", stderrPath: dir.path + "/e", label: "x", printer: printer)
            let line = [UInt8](repeating: 0x7A, count: 150 << 10)
            line.withUnsafeBytes { output.consume($0, from: .stdout) }
            output.finish()
            #expect(printer.texts(.stdout).map(\.utf8.count) == [64 << 10, 64 << 10, 22 << 10])
        }

        @Test func consolePrinterPrefixesLabelAndTime() throws {
            let (read, write) = try SystemCalls.pipe()
            defer { close(read) }
            let printer = ConsolePrinter(fileDescriptor: write)
            Array("fitting".utf8).withUnsafeBytes { printer.printLine($0, stream: .stdout, label: "PricingFlow/7/train/12") }
            close(write)
            var buffer = [UInt8](repeating: 0, count: 256)
            let text = String(decoding: buffer[0..<Glibc.read(read, &buffer, 256)], as: UTF8.self)
            #expect(text.wholeMatch(of: /\[PricingFlow\/7\/train\/12\] \d\d:\d\d:\d\d\.\d\d\d fitting\n/) != nil, "\(text)")
        }
    }
}
