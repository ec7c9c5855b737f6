import Foundation
import Testing
@testable import BraidCore

extension StoreTests {
    @Suite struct AtomicFileTests {
        private func entries(_ dir: String) throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        }

        @Test func writesAndReplacesLeavingNoTemporaryFile() throws {
            try withScratchDirectory { dir in
                let path = dir + "/out.txt"
                try AtomicFile.write(Data("first".utf8), to: path)
                #expect(try String(contentsOfFile: path, encoding: .utf8) == "first")
                try AtomicFile.write(Data("second, longer".utf8), to: path, permissions: 0o600)
                #expect(try String(contentsOfFile: path, encoding: .utf8) == "second, longer")
                #expect(try entries(dir) == ["out.txt"])
                let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
                #expect(mode == 0o600)
            }
        }

        @Test func keepsTheOldContentWhenWritingFails() throws {
            struct Interrupted: Error {}
            try withScratchDirectory { dir in
                let path = dir + "/out.txt"
                try AtomicFile.write(Data("old".utf8), to: path)
                #expect(throws: Interrupted.self) {
                    try AtomicFile.write(to: path) { writer in
                        try writer.write(Data("half of the new".utf8))
                        throw Interrupted()
                    }
                }
                #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
                #expect(try entries(dir) == ["out.txt"])
            }
        }

        @Test func aFailedRenameNamesBothPathsAndCleansUp() throws {
            try withScratchDirectory { dir in
                // A non-empty directory where the file should go: rename(2) refuses.
                try FileManager.default.createDirectory(atPath: dir + "/taken/inner", withIntermediateDirectories: true)
                let error = #expect(throws: StoreError.self) { try AtomicFile.write(Data("x".utf8), to: dir + "/taken") }
                #expect(error?.path == dir + "/taken")
                #expect(error?.description.hasPrefix("cannot rename \(dir)/.taken.") == true)
                #expect(error?.description.hasSuffix(" to \(dir)/taken: is a directory (EISDIR)") == true)
                #expect(try entries(dir) == ["taken"])
            }
        }

        @Test func aMissingDirectoryIsNamed() throws {
            try withScratchDirectory { dir in
                let error = #expect(throws: StoreError.self) { try AtomicFile.write(Data(), to: dir + "/no/such/file") }
                #expect(error?.code == .notFound)
                #expect(error?.description.hasPrefix("cannot create \(dir)/no/such/.file.") == true)
                #expect(error?.description.hasSuffix(": no such file or directory (ENOENT)") == true)
            }
        }

        /// A full disk is reported in words a person recognises. /dev/full fails
        /// every write with ENOSPC, through the same write path AtomicFile uses.
        @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full")))
        func aFullDiskSaysSo() throws {
            let file = try SystemFile(path: "/dev/full", flags: O_WRONLY)
            let error = #expect(throws: StoreError.self) {
                try Data("bytes".utf8).withUnsafeBytes { try file.write($0) }
            }
            #expect(error?.description == "cannot write /dev/full: no space left on device (ENOSPC)")
            #expect(error?.errno == ENOSPC)
        }
    }
}
