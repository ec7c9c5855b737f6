import Foundation
import Testing

@testable import BraidCore

@Suite struct CodePackageTests {
    /// A flow directory with code, data, caches, a large file and a .braidignore.
    static func makeFlowDirectory(_ root: String) throws {
        let files: [String: String] = [
            "flow.py": "print('flow')\n",
            "helpers/clean.R": "clean <- function(x) x\n",
            "helpers/__pycache__/clean.cpython-311.pyc": "bytecode",
            ".git/HEAD": "ref: refs/heads/main\n",
            "data/sales.csv": "price,units\n1,2\n",
            "notes/scratch.txt": "todo\n",
            "notes/keep.txt": "keep me\n",
            ".braidignore": "# scratch work\nnotes/*\n!notes/keep.txt\n",
        ]
        for (path, text) in files {
            let full = root + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: full))
        }
        try Data(count: (1 << 20) + 1).write(to: URL(fileURLWithPath: root + "/big_lookup.json"))
    }

    @Test func choosesSourceFilesOnly() throws {
        try withScratchDirectory { dir in
            try Self.makeFlowDirectory(dir)
            let package = try CodePackage(flowFile: dir + "/flow.py")
            #expect(package.files.map(\.path) == [".braidignore", "flow.py", "helpers/clean.R", "notes/keep.txt"])
            #expect(package.flowFile == "flow.py")
        }
    }

    @Test func leavesOutTheStoreInsideTheDirectory() throws {
        try withScratchDirectory { dir in
            try Data("x\n".utf8).write(to: URL(fileURLWithPath: dir + "/flow.py"))
            try FileManager.default.createDirectory(atPath: dir + "/store/logs", withIntermediateDirectories: true)
            try Data("log\n".utf8).write(to: URL(fileURLWithPath: dir + "/store/logs/0.stdout"))
            let package = try CodePackage(flowFile: dir + "/flow.py", excludedDirectories: [dir + "/store"])
            #expect(package.files.map(\.path) == ["flow.py"])
        }
    }

    @Test func sameCodeIsStoredOnce() throws {
        try withScratchDirectory { dir in
            try Self.makeFlowDirectory(dir + "/flow")
            let store = CodeStore(layout: StoreLayout(root: dir + "/store"))
            let first = try store.snapshot(flowFile: dir + "/flow/flow.py")
            // Same contents under new modification times: the same package.
            try Data("print('flow')\n".utf8).write(to: URL(fileURLWithPath: dir + "/flow/flow.py"))
            let second = try store.snapshot(flowFile: dir + "/flow/flow.py")
            #expect(first == second)
            #expect(first.fileCount == 4)
            #expect(ObjectStore.isHash(first.hash))
            #expect(try ObjectStore.hash(fileAt: store.path(of: first.hash)) == first.hash)
            let stored = try FileManager.default.subpathsOfDirectory(atPath: dir + "/store/code").filter { $0.hasSuffix(".tar.gz") }
            #expect(stored == ["\(first.hash.prefix(2))/\(first.hash).tar.gz"])

            try Data("print('changed')\n".utf8).write(to: URL(fileURLWithPath: dir + "/flow/flow.py"))
            #expect(try store.snapshot(flowFile: dir + "/flow/flow.py").hash != first.hash)
        }
    }

    @Test func tooManyFilesIsAnErrorThatSaysWhatToDo() throws {
        try withScratchDirectory { dir in
            for i in 0..<5 { try Data("\(i)\n".utf8).write(to: URL(fileURLWithPath: dir + "/m\(i).py")) }
            let error = #expect(throws: CodePackageError.self) {
                try CodePackage(flowFile: dir + "/m0.py", limits: CodePackage.Limits(maxFileCount: 3))
            }
            #expect(error?.description == "the flow directory \(CodePackage.canonical(dir)) holds more than 3 files to package; "
                + "add what is not code to \(CodePackage.canonical(dir))/.braidignore (gitignore patterns), "
                + "or keep the flow in a directory of its own")
        }
    }

    @Test func missingFlowFileIsAnError() throws {
        let error = #expect(throws: CodePackageError.self) { try CodePackage(flowFile: "/nonexistent/flow.py") }
        #expect(error?.description == "cannot package the code: the flow file /nonexistent/flow.py is not a readable file")
    }
}

extension CodePackageTests {
    // Root reads everything, so only another user can see what is left out.
    @Test(.enabled(if: getuid() != 0, "root can read every file"))
    func unreadableSubdirectoriesAndFilesAreLeftOutAndNamed() throws {
        try withScratchDirectory { dir in
            try Data("x\n".utf8).write(to: URL(fileURLWithPath: dir + "/flow.py"))
            try FileManager.default.createDirectory(atPath: dir + "/private", withIntermediateDirectories: true)
            try Data("secret\n".utf8).write(to: URL(fileURLWithPath: dir + "/private/key.py"))
            try Data("y\n".utf8).write(to: URL(fileURLWithPath: dir + "/locked.py"))
            chmod(dir + "/private", 0o000)
            chmod(dir + "/locked.py", 0o000)
            defer { chmod(dir + "/private", 0o755) }
            let package = try CodePackage(flowFile: dir + "/flow.py")
            #expect(package.files.map(\.path) == ["flow.py"])
            #expect(package.unreadable.sorted() == ["locked.py", "private/"])
        }
    }
}
