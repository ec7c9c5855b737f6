import Foundation
import Testing
@testable import BraidCore

/// Groups the executor suites so `swift test --filter Executors` selects them.
@Suite enum ExecutorsTests {}

/// The fake worker script and the Python that runs it.
enum FakeWorker {
    /// `BRAID_PYTHON` when set, else the machine's pyenv 3.11.7, else python3 on PATH.
    static let python: String = {
        if let path = ProcessInfo.processInfo.environment["BRAID_PYTHON"], !path.isEmpty { return path }
        let pyenv = "/root/.pyenv/versions/3.11.7/bin/python3"
        if FileManager.default.isExecutableFile(atPath: pyenv) { return pyenv }
        return (try? InterpreterLocator().interpreter(for: "python")) ?? "/usr/bin/python3"
    }()

    static let script: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/workers/fake_worker.py").path

    /// `-S` skips site-packages: the fake needs only the standard library and starts faster.
    static let command = WorkerCommand(executable: python, arguments: ["-S", "-u", script])
}

/// A temporary directory removed when the value goes away.
final class TemporaryDirectory {
    let path: String

    init() throws {
        let template = (NSTemporaryDirectory() as NSString).appendingPathComponent("braid-runtime-test-XXXXXX")
        var bytes = Array(template.utf8CString)
        guard let made = mkdtemp(&bytes) else { throw SystemError("mkdtemp", errno) }
        path = String(cString: made)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes a JSON value to a file in the directory and returns its path.
    func writeJSON(_ name: String, _ object: Any) throws -> String {
        let file = path + "/" + name
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]).write(to: URL(fileURLWithPath: file))
        return file
    }

    func subdirectory(_ name: String) throws -> String {
        let directory = path + "/" + name
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }
}

/// Sends one task to a worker and reads its protocol lines until `done` or `error`
/// (or end of file), with a 20 s deadline.
func exchange(_ task: TaskMessage, with process: WorkerProcess) throws -> [WorkerMessage] {
    var outbound = OutboundBuffer()
    outbound.enqueue(try EngineMessage.task(task).encodedLine())
    #expect(outbound.flush(to: process.toWorkerFD) == .drained)
    var framer = LineFramer(maxLineBytes: ProtocolVersion.maxWorkerLineBytes, overlong: .fail)
    var messages: [WorkerMessage] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    let deadline = ContinuousClock.now + .seconds(20)
    while ContinuousClock.now < deadline, !messages.contains(where: { $0 == .done || $0.type == "error" }) {
        var entry = pollfd(fd: process.fromWorkerFD, events: Int16(POLLIN), revents: 0)
        _ = poll(&entry, 1, 100)
        let n = read(process.fromWorkerFD, &buffer, buffer.count)
        if n == 0 { break }
        if n > 0 { try framer.append(Array(buffer[0..<n])) { messages.append(try WorkerMessage.decode(line: Array($0))) } }
    }
    return messages
}
