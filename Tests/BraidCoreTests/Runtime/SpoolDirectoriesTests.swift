import Foundation
import Testing
@testable import BraidCore

extension RuntimeTests {
    @Suite struct SpoolDirectoriesTests {
        @Test func reusesEmptiedDirectoriesAndRemovesThemAtTheEnd() throws {
            let dir = try TemporaryDirectory()
            let spools = SpoolDirectories(root: dir.path + "/spool", flow: "F", run: 7)
            let first = try spools.acquire(), second = try spools.acquire()
            #expect(first.hasSuffix("/spool/F-7-w1") && second.hasSuffix("/spool/F-7-w2"))
            try "left by a failed attempt".write(toFile: first + "/model.arrow", atomically: false, encoding: .utf8)
            spools.release(first)
            #expect(try spools.acquire() == first, "an emptied directory is handed out again")
            #expect(try FileManager.default.contentsOfDirectory(atPath: first).isEmpty)
            spools.release(first)
            spools.release(second)
            spools.removeAll()
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path + "/spool").isEmpty)
        }

        @Test func normalizesPathsWithoutTheFilesystem() {
            #expect("/a//b/./c/../d".lexicallyNormalizedPath == "/a/b/d")
            #expect("/s/w1/../../etc/passwd".lexicallyNormalizedPath == "/etc/passwd")
            #expect("/s/w1/x.arrow".lexicallyNormalizedPath == "/s/w1/x.arrow")
        }
    }
}
