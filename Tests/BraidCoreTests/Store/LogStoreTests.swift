import Foundation
import Testing
@testable import BraidCore

extension StoreTests {
    @Suite struct LogStoreTests {
        @Test func createsEmptyLogsAtTheLayoutsPaths() throws {
            try withScratchDirectory { dir in
                let logs = LogStore(layout: StoreLayout(root: dir))
                let created = try logs.createLogs(flow: "F", run: 7, step: "train", task: 12, attempt: 1)
                #expect(created.stdoutPath == "\(dir)/logs/F/7/train/12/1.stdout")
                #expect(created.path(of: .stderr) == "\(dir)/logs/F/7/train/12/1.stderr")
                #expect(try logs.read(path: created.stdoutPath) == "")
                // Creating again empties them.
                try Data("old".utf8).write(to: URL(fileURLWithPath: created.stderrPath))
                try logs.createLogs(flow: "F", run: 7, step: "train", task: 12, attempt: 1)
                #expect(try logs.read(path: created.stderrPath) == "")
            }
        }

        @Test(arguments: [
            ("a\nb\nc\n", 2, "b\nc\n"),
            ("a\nb\nc", 2, "b\nc"),
            ("a\nb\nc\n", 3, "a\nb\nc\n"),
            ("a\nb\nc\n", 10, "a\nb\nc\n"),
            ("a\n\n\n", 2, "\n\n"),
            ("", 5, ""),
            ("only", 1, "only"),
            ("a\nb\n", 0, ""),
        ])
        func tailsTheLastLines(text: String, lines: Int, expected: String) throws {
            try withScratchDirectory { dir in
                let path = dir + "/log"
                try Data(text.utf8).write(to: URL(fileURLWithPath: path))
                #expect(try LogStore(layout: StoreLayout(root: dir)).tail(path: path, lines: lines) == expected)
            }
        }

        @Test func readsInvalidUTF8Leniently() throws {
            try withScratchDirectory { dir in
                try Data([0x68, 0x69, 0xff, 0x0a]).write(to: URL(fileURLWithPath: dir + "/log"))
                #expect(try LogStore(layout: StoreLayout(root: dir)).read(path: dir + "/log") == "hi\u{FFFD}\n")
            }
        }

        @Test func aMissingLogIsNamed() throws {
            let error = #expect(throws: StoreError.self) { try LogStore(layout: StoreLayout(root: "/x")).read(path: "/x/nope.stdout") }
            #expect(error?.description == "cannot open /x/nope.stdout: no such file or directory (ENOENT)")
        }
    }
}
