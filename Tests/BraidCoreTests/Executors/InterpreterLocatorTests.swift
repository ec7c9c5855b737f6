import Foundation
import Testing
@testable import BraidCore

extension ExecutorsTests {
    @Suite struct InterpreterLocatorTests {
        @Test func prefersTheSpecThenTheVariableThenPath() throws {
            let dir = try TemporaryDirectory()
            let bin = try dir.subdirectory("bin")
            try FileManager.default.createSymbolicLink(atPath: bin + "/python3", withDestinationPath: FakeWorker.python)
            #expect(try InterpreterLocator(configured: ["python": "/bin/sh"], environment: ["BRAID_PYTHON": "/bin/ls"]).interpreter(for: "python") == "/bin/sh")
            #expect(try InterpreterLocator(environment: ["BRAID_PYTHON": "/bin/ls", "PATH": bin]).interpreter(for: "python") == "/bin/ls")
            // A symlink found on PATH is kept as is: a venv's python must be started through its own path.
            #expect(try InterpreterLocator(environment: ["PATH": "/nonexistent:" + bin]).interpreter(for: "python") == bin + "/python3")
        }

        @Test func resolvesAShimScriptOnceToTheRealBinary() throws {
            let dir = try TemporaryDirectory()
            let bin = try dir.subdirectory("shims")
            let counter = dir.path + "/calls"
            let shim = "#!/bin/sh\necho x >> \(counter)\nexec \(FakeWorker.python) \"$@\"\n"
            try shim.write(toFile: bin + "/python3", atomically: true, encoding: .utf8)
            chmod(bin + "/python3", 0o755)
            let locator = InterpreterLocator(environment: ["PATH": bin])
            let first = try locator.interpreter(for: "python")
            #expect(first == FakeWorker.python)
            #expect(try locator.interpreter(for: "python") == first)
            #expect(try String(contentsOfFile: counter, encoding: .utf8) == "x\n", "the shim runs once per locator")
        }

        @Test func explainsWhatIsMissing() {
            let locator = InterpreterLocator(environment: ["PATH": "/nonexistent"])
            #expect(throws: InterpreterError.notFound(language: "r", names: ["Rscript"], variable: "BRAID_RSCRIPT")) {
                try locator.interpreter(for: "r")
            }
            #expect(InterpreterError.notFound(language: "r", names: ["Rscript"], variable: "BRAID_RSCRIPT").description
                    == "no r interpreter found: none of Rscript is on PATH; set BRAID_RSCRIPT to its absolute path")
            #expect(throws: InterpreterError.notExecutable(language: "python", path: "/nope", source: "BRAID_PYTHON")) {
                try InterpreterLocator(environment: ["BRAID_PYTHON": "/nope"]).interpreter(for: "python")
            }
            #expect(throws: InterpreterError.unknownLanguage("julia")) { try locator.interpreter(for: "julia") }
        }

        @Test func buildsTheDocumentedWorkerCommands() {
            #expect(WorkerCommand.standard(language: "python", interpreter: "/py")?.description == "/py -u -m braid._worker")
            #expect(WorkerCommand.standard(language: "r", interpreter: "/Rscript")?.description == "/Rscript --vanilla -e braid:::worker_main()")
        }
    }
}
