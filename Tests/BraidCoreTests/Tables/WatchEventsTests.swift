import Testing
@testable import BraidCore

extension TableWatchTests {
    /// What each inotify event means for each kind of watch: only commits count, never partial writes.
    @Suite struct WatchEventsTests {
        typealias Change = WatchEvents.Change

        func meaning(_ change: Change, _ name: String, in directory: String, _ kind: TableWatch.Kind, location: String) -> WatchEvents.Meaning {
            WatchEvents.meaning(of: change, name: name, in: directory, kind: kind, location: location)
        }

        @Test func deltaLooksAtCommitFilesAndTheLogAppearing() {
            let log = "/t/_delta_log"
            #expect(meaning(.created(isDirectory: false, isNewFile: false), "00000000000000000003.json", in: log, .delta, location: "/t") == .look)
            #expect(meaning(.movedIn(isDirectory: false), "00000000000000000003.json", in: log, .delta, location: "/t") == .look)
            #expect(meaning(.closedAfterWriting, "00000000000000000003.json", in: log, .delta, location: "/t") == .look)
            #expect(meaning(.created(isDirectory: false, isNewFile: true), "_commit_1.json.tmp", in: log, .delta, location: "/t") == .ignore)
            #expect(meaning(.movedIn(isDirectory: false), "00000000000000000010.checkpoint.parquet", in: log, .delta, location: "/t") == .ignore)
            #expect(meaning(.created(isDirectory: true, isNewFile: false), "_delta_log", in: "/t", .delta, location: "/t") == .look)
            #expect(meaning(.created(isDirectory: false, isNewFile: true), "part-0.parquet", in: "/t", .delta, location: "/t") == .ignore)
            #expect(meaning(.directoryGone, "", in: "/t", .delta, location: "/t") == .look)
        }

        @Test func markersLookAtSuccessFilesOnceWrittenAndAtNewPartitions() {
            let day = "/out/day=1"
            #expect(meaning(.closedAfterWriting, "_SUCCESS", in: day, .marker, location: "/out") == .look)
            #expect(meaning(.attributesChanged, "_SUCCESS", in: day, .marker, location: "/out") == .look)  // touched again
            #expect(meaning(.movedIn(isDirectory: false), "_SUCCESS", in: day, .marker, location: "/out") == .look)
            #expect(meaning(.created(isDirectory: false, isNewFile: true), "_SUCCESS", in: day, .marker, location: "/out") == .ignore)
            #expect(meaning(.created(isDirectory: false, isNewFile: false), "_SUCCESS", in: day, .marker, location: "/out") == .look)
            #expect(meaning(.closedAfterWriting, "part-0.parquet", in: day, .marker, location: "/out") == .ignore)
            #expect(meaning(.created(isDirectory: true, isNewFile: false), "day=2", in: "/out", .marker, location: "/out") == .look)
            #expect(meaning(.movedIn(isDirectory: true), "day=2", in: "/out", .marker, location: "/out") == .look)
            #expect(meaning(.created(isDirectory: true, isNewFile: false), "_temporary", in: "/out", .marker, location: "/out") == .ignore)
        }

        @Test func aFileIsReadWhenRenamedOntoOrClosedNeverWhileBeingWritten() {
            let file = "/d/sales.arrow"
            #expect(meaning(.movedIn(isDirectory: false), "sales.arrow", in: "/d", .file, location: file) == .look)
            #expect(meaning(.closedAfterWriting, "sales.arrow", in: "/d", .file, location: file) == .look)
            #expect(meaning(.created(isDirectory: false, isNewFile: false), "sales.arrow", in: "/d", .file, location: file) == .look)  // a link
            #expect(meaning(.created(isDirectory: false, isNewFile: true), "sales.arrow", in: "/d", .file, location: file) == .beingWritten)
            #expect(meaning(.modified, "sales.arrow", in: "/d", .file, location: file) == .beingWritten)
            #expect(meaning(.movedIn(isDirectory: false), "sales.arrow.tmp", in: "/d", .file, location: file) == .ignore)
            #expect(meaning(.closedAfterWriting, "other.arrow", in: "/d", .file, location: file) == .ignore)
            #expect(meaning(.attributesChanged, "sales.arrow", in: "/d", .file, location: file) == .ignore)
        }
    }
}
