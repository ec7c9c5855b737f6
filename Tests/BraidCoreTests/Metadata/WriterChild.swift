import Foundation
import Testing
@testable import BraidCore

extension MetadataTests {
    /// The test binary re-run as a separate engine-like process that writes to a
    /// store: what the multi-process and crash tests start. Skipped in a normal run.
    @Suite struct WriterChild {
        static let environment = ProcessInfo.processInfo.environment

        @Test(.enabled(if: environment["BRAID_TEST_WRITER_DB"] != nil, "only runs as a child of the multi-process tests"))
        func writeTasks() throws {
            let path = try #require(Self.environment["BRAID_TEST_WRITER_DB"])
            // 0: write until killed.
            let count = Int(Self.environment["BRAID_TEST_WRITER_TASKS"] ?? "0") ?? 0
            let store = try MetadataStore(path: path)
            let run = try store.createRun(Fixture.run(flow: Self.environment["BRAID_TEST_WRITER_FLOW"] ?? "Child"))
            var written = 0
            while count == 0 || written < count {
                try Fixture.recordTask(store, run: run, artifacts: 10)
                written += 1
            }
        }

        /// Starts the test binary as a writer child on `database`; what it prints
        /// goes to `database + ".<flow>.log"` (see `output(of:)`).
        ///
        /// Only on Linux, where the test bundle is itself an executable (on macOS
        /// it is a bundle that `xctest` loads).
        static func spawn(database: String, tasks: Int, flow: String) throws -> Process {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            process.arguments = ["--testing-library", "swift-testing", "--filter", "WriterChild"]
            var environment = ProcessInfo.processInfo.environment
            environment["BRAID_TEST_WRITER_DB"] = database
            environment["BRAID_TEST_WRITER_TASKS"] = String(tasks)
            environment["BRAID_TEST_WRITER_FLOW"] = flow
            process.environment = environment
            let log = database + ".\(flow).log"
            FileManager.default.createFile(atPath: log, contents: nil)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
            return process
        }

        /// What a writer child printed, for failure messages.
        static func output(database: String, flow: String) -> String {
            (try? String(contentsOfFile: database + ".\(flow).log", encoding: .utf8)) ?? ""
        }

        static var canSpawn: Bool {
            #if os(Linux)
            true
            #else
            false
            #endif
        }
    }
}
