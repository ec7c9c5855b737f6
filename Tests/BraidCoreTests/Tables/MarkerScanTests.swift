import Testing
@testable import BraidCore

extension TableWatchTests {
    @Suite struct MarkerScanTests {
        typealias Marker = MarkerScan.Marker

        @Test func aFirstLookSeesEveryMarkerAndLandsTheNewest() {
            let found = [Marker(directory: "day=2", modified: 200), Marker(directory: "day=1", modified: 100), Marker(directory: "day=3", modified: 150)]
            let (land, seen) = MarkerScan.markersToLand(found, state: nil)
            #expect(land == [Marker(directory: "day=2", modified: 200)])
            #expect(seen == MarkerWatchState(markers: ["day=1": 100, "day=2": 200, "day=3": 150]))
        }

        @Test func aFirstLookAtAnEmptyLocationRecordsThatNothingWasThere() {
            let (land, seen) = MarkerScan.markersToLand([], state: nil)
            #expect(land.isEmpty)
            #expect(seen == MarkerWatchState(markers: [:]))
            #expect(seen?.json == .object(["markers": .object([:])]))
        }

        @Test func newDirectoriesAndRetouchedMarkersLandOldestFirst() {
            let state = MarkerWatchState(markers: ["day=1": 100, "day=2": 200])
            let found = [Marker(directory: "day=1", modified: 100), Marker(directory: "day=2", modified: 300),
                         Marker(directory: "day=4", modified: 250), Marker(directory: "day=3", modified: 250), Marker(directory: ".", modified: 50)]
            let (land, seen) = MarkerScan.markersToLand(found, state: state)
            #expect(land.map(\.directory) == [".", "day=3", "day=4", "day=2"])
            #expect(seen == nil)
        }

        @Test func aMarkerWithAnOlderTimeThanRecordedIsNotNew() {
            let (land, _) = MarkerScan.markersToLand([Marker(directory: "day=1", modified: 90)], state: MarkerWatchState(markers: ["day=1": 100]))
            #expect(land.isEmpty)
        }

        @Test func theFingerprintNamesTheDirectoryAndEachEntrysTimeAndSize() {
            let entries = [MarkerScan.Entry(name: "part-1.parquet", modified: 5, size: 10), MarkerScan.Entry(name: "_SUCCESS", modified: 6, size: 0)]
            let fingerprint = MarkerScan.fingerprint(directory: "day=1", entries: entries)
            #expect(fingerprint == MarkerScan.fingerprint(directory: "day=1", entries: entries.reversed()))
            #expect(fingerprint == Array("day=1\n_SUCCESS\t6\t0\npart-1.parquet\t5\t10\n".utf8).withUnsafeBytes { SHA256.hash($0).hex })
            #expect(fingerprint != MarkerScan.fingerprint(directory: "day=2", entries: entries))
            var touched = entries
            touched[1].modified = 7
            #expect(fingerprint != MarkerScan.fingerprint(directory: "day=1", entries: touched))
        }

        @Test func theCommitIsTheMarkersPathInTheLocation() {
            #expect(MarkerScan.commit(directory: "day=2026-12-07") == "day=2026-12-07/_SUCCESS")
            #expect(MarkerScan.commit(directory: "region=eu/day=1") == "region=eu/day=1/_SUCCESS")
            #expect(MarkerScan.commit(directory: ".") == "_SUCCESS")
        }

        @Test(arguments: [("_temporary", true), (".spark-staging", true), ("day=2026-12-07", false), ("region=eu", false)])
        func scratchAndHiddenDirectoriesAreSkipped(name: String, skipped: Bool) {
            #expect(MarkerScan.isSkipped(directoryName: name) == skipped)
        }

        @Test func theStateRoundTripsThroughJSON() {
            let state = MarkerWatchState(markers: ["day=1": 1_765_000_000_123_456_789, ".": 1])
            #expect(MarkerWatchState(state.json) == state)
            #expect(MarkerWatchState(.object([:])) == nil)
        }
    }

    @Suite struct WatchedFileTests {
        typealias Identity = WatchedFile.Identity

        @Test(arguments: [("/d/sales.arrow", WatchedFile.Format.arrow), ("/d/sales.feather", .arrow), ("/d/sales.arrows", .arrow),
                          ("/d/sales", .arrow), ("/d/SALES.CSV", .csv), ("/d/sales.parquet", .parquet), ("/d/sales.pq", .parquet)])
        func theFormatIsTakenFromTheExtension(path: String, format: WatchedFile.Format) {
            #expect(WatchedFile.format(of: path) == format)
        }

        @Test func theFileIsReadOnAFirstLookAndWhenItsIdentityChanges() {
            let identity = Identity(inode: 7, size: 100, modified: 1_000)
            let state = FileWatchState(identity: identity, fingerprint: "ab")
            #expect(WatchedFile.needsReading(identity, state: nil))
            #expect(!WatchedFile.needsReading(identity, state: state))
            #expect(WatchedFile.needsReading(Identity(inode: 8, size: 100, modified: 1_000), state: state))  // renamed onto
            #expect(WatchedFile.needsReading(Identity(inode: 7, size: 101, modified: 1_000), state: state))
            #expect(WatchedFile.needsReading(Identity(inode: 7, size: 100, modified: 1_001), state: state))  // touched
        }

        @Test func onlyNewContentIsANewVersion() {
            let state = FileWatchState(identity: Identity(inode: 7, size: 100, modified: 1_000), fingerprint: "ab")
            #expect(WatchedFile.isNewContent("ab", state: nil))
            #expect(!WatchedFile.isNewContent("ab", state: state))
            #expect(WatchedFile.isNewContent("cd", state: state))
        }

        @Test func theStateRoundTripsThroughJSON() {
            let state = FileWatchState(identity: Identity(inode: UInt64.max - 1, size: 1 << 40, modified: 1_765_000_000_123_456_789),
                                       fingerprint: String(repeating: "f", count: 64))
            #expect(FileWatchState(state.json) == state)
            #expect(FileWatchState(.object([:])) == nil)
        }
    }
}
