import Foundation
import Testing
@testable import ArrowIPC

/// Files written here are read by pyarrow 26 with the strict calls of the
/// notes' §7.1 and compared value by value (`pyarrow_check.py`), and
/// annotated by `dump_ipc.py`, which must find no rule violation.
@Suite struct PyArrowInteropTests {
    @Test func pyarrowReadsEveryFileBackExactly() throws {
        let directory = try PythonRunner.temporaryDirectory("interop")
        defer { try? FileManager.default.removeItem(at: directory) }
        let cases = try InteropCases.all()
        for interopCase in cases { try interopCase.write(into: directory) }

        let script = PythonRunner.interopDirectory.appendingPathComponent("pyarrow_check.py")
        let result = try PythonRunner.run(script, [directory.path])
        if result.status == 3 {
            Issue.record("pyarrow cannot be imported by '\(PythonRunner.interpreter)' (set BRAID_PYTHON): \(result.output)")
            return
        }
        let passed = Set(result.lines.filter { $0.hasPrefix("OK ") }.map { String($0.dropFirst(3)) })
        for line in result.lines where !line.hasPrefix("OK ") {
            Issue.record("\(line)")
        }
        for interopCase in cases {
            #expect(passed.contains(interopCase.name), "pyarrow did not accept \(interopCase.fileName)")
        }
        #expect(result.status == 0)
    }

    @Test func dumpIPCFindsNoProblem() throws {
        let dump = PythonRunner.arrowTestData.appendingPathComponent("dump_ipc.py")
        guard FileManager.default.fileExists(atPath: dump.path) else {
            Issue.record("dump_ipc.py not found at \(dump.path) (set BRAID_ARROW_TESTDATA)")
            return
        }
        let directory = try PythonRunner.temporaryDirectory("dump")
        defer { try? FileManager.default.removeItem(at: directory) }
        let all = try InteropCases.allTypes()
        let cases = [all[0], all[3], all[5], try InteropCases.zeroBatches(.file)] + (try InteropCases.dictionaryChanges())
        for interopCase in cases {
            try interopCase.write(into: directory)
            let result = try PythonRunner.run(dump, [directory.appendingPathComponent(interopCase.fileName).path, "--no-body"])
            let problems = result.lines.filter { $0.contains("PROBLEM") || $0.contains("Error") }
            #expect(result.status == 0, "dump_ipc.py on \(interopCase.fileName): \(problems.prefix(5).joined(separator: "; "))")
        }
    }
}
