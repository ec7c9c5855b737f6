import Foundation
import Glibc
import Testing
@testable import BraidCore

extension TableWatchTests {
    /// The thin inotify shell against the real kernel: events come back with their names, and each
    /// becomes the change ``WatchEvents`` judges.
    @Suite struct InotifyTests {
        func changes(in dir: String, after body: () throws -> Void) throws -> [(String, WatchEvents.Change?)] {
            let inotify = try Inotify()
            _ = try inotify.add(dir, mask: TableWatchService.mask(for: [.file, .marker]))
            try body()
            return inotify.readEvents().map { ($0.name, TableWatchService.change($0, in: dir)) }
        }

        @Test func aFileWrittenThenRenamedOntoTheNameArrivesAsAMoveIn() throws {
            try withScratchDirectory { dir in
                let seen = try changes(in: dir) {
                    let fd = open(dir + "/next.tmp", O_WRONLY | O_CREAT | O_EXCL, 0o644)
                    #expect(fd >= 0)
                    #expect(write(fd, "x", 1) == 1)
                    close(fd)
                    #expect(rename(dir + "/next.tmp", dir + "/sales.arrow") == 0)
                }
                // IN_CREATE is judged when read: by then the file was renamed away, so it is not seen being written.
                #expect(seen.map(\.0) == ["next.tmp", "next.tmp", "next.tmp", "sales.arrow"])
                #expect(seen.map(\.1) == [.created(isDirectory: false, isNewFile: false), .modified, .closedAfterWriting,
                                         .movedIn(isDirectory: false)])
            }
        }

        @Test func aHardLinkArrivesWholeAndADirectoryIsADirectory() throws {
            try withScratchDirectory { dir in
                FileManager.default.createFile(atPath: dir + "/commit.tmp", contents: Data("{}".utf8))
                let seen = try changes(in: dir) {
                    #expect(link(dir + "/commit.tmp", dir + "/00000000000000000000.json") == 0)
                    try FileManager.default.createDirectory(atPath: dir + "/day=1", withIntermediateDirectories: false)
                }
                #expect(seen.map(\.0) == ["00000000000000000000.json", "day=1"])
                #expect(seen.map(\.1) == [.created(isDirectory: false, isNewFile: false), .created(isDirectory: true, isNewFile: false)])
            }
        }

        @Test func aTouchOfAnExistingMarkerChangesItsAttributesAndTheWatchedDirectoryGoingIsSeen() throws {
            try withScratchDirectory { dir in
                let partition = dir + "/day=1"
                try FileManager.default.createDirectory(atPath: partition, withIntermediateDirectories: false)
                FileManager.default.createFile(atPath: partition + "/_SUCCESS", contents: nil)
                let seen = try changes(in: partition) {
                    try FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: partition + "/_SUCCESS")
                    try FileManager.default.moveItem(atPath: partition, toPath: dir + "/gone")
                }
                #expect(seen.first.map { $0.0 == "_SUCCESS" && $0.1 == .attributesChanged } == true)
                #expect(seen.last?.1 == .directoryGone)
            }
        }
    }
}
