import Foundation

/// Runs the Python scripts the interop tests use.
///
/// The interpreter is `$BRAID_PYTHON` when set, else `python3` on PATH.
/// Scripts live beside this file; `dump_ipc.py` is taken from
/// `$BRAID_ARROW_TESTDATA`, else `../shared/testdata/arrow` next to the repository.
enum PythonRunner {
    struct Result {
        var status: Int32
        var output: String
        var lines: [Substring] { output.split(separator: "\n") }
    }

    static var interpreter: String {
        ProcessInfo.processInfo.environment["BRAID_PYTHON"] ?? "python3"
    }

    static let interopDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

    static var arrowTestData: URL {
        if let path = ProcessInfo.processInfo.environment["BRAID_ARROW_TESTDATA"] {
            return URL(fileURLWithPath: path)
        }
        let repository = interopDirectory.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return repository.deletingLastPathComponent().appendingPathComponent("shared/testdata/arrow")
    }

    /// Runs `interpreter script arguments…`, capturing stdout and stderr together.
    static func run(_ script: URL, _ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [interpreter, script.path] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// A fresh temporary directory.
    static func temporaryDirectory(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("braid-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
