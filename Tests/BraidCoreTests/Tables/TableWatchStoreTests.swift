import Foundation
import Testing
@testable import BraidCore

extension TableWatchTests {
    /// Watches in a real SQLite store: a landing and the watch's state move together, once.
    @Suite struct TableWatchStoreTests {
        static func landing(_ fingerprint: String, commit: String) -> NewTableVersion {
            NewTableVersion(name: "sales", rows: 3, schema: .array([]), fingerprint: fingerprint, how: "delta", location: "/data/sales",
                            commit: commit, publisher: "braid daemon")
        }

        @Test func aLandingAndTheWatchStateAreRecordedTogether() throws {
            try withMetadataStore { store, _ in
                let (watch, replaced) = try store.watchTable("sales", path: "/data/sales", kind: .delta)
                #expect(replaced == nil)
                #expect(watch.isFirstLook)
                let state = DeltaWatchState(version: 0, schema: nil).json
                guard case .recorded(.landed(let version)?, let updated) = try store.recordWatch(watch, state: state,
                                                                                               landing: Self.landing("f0", commit: "0")) else {
                    Issue.record("not recorded")
                    return
                }
                #expect(version.version == 1)
                #expect(version.how == "delta")
                #expect(version.commit == "0")
                #expect(updated.state == state)
                #expect(try store.tableWatch("sales") == updated)
                #expect(try store.events(name: "braid.table.sales").count == 1)
            }
        }

        @Test func aSecondRecordingOfTheSameLookIsStaleAndRecordsNothing() throws {
            try withMetadataStore { store, _ in
                let (watch, _) = try store.watchTable("sales", path: "/data/sales", kind: .delta)
                let state = DeltaWatchState(version: 0, schema: nil).json
                _ = try store.recordWatch(watch, state: state, landing: Self.landing("f0", commit: "0"))
                // Another service that looked at the same state, or a look before a crash, records again:
                #expect(try store.recordWatch(watch, state: state, landing: Self.landing("f0", commit: "0")) == .stale)
                #expect(try store.tableVersions("sales").count == 1)
                #expect(try store.events(name: "braid.table.sales").count == 1)
            }
        }

        @Test func aFailedLandingLeavesTheStateAsItWas() throws {
            try withMetadataStore { store, _ in
                let (watch, _) = try store.watchTable("sales", path: "/data/sales", kind: .delta)
                var bad = Self.landing("f0", commit: "0")
                bad.source = "NoSuchFlow/1/start/1"
                #expect(throws: TableError.self) {
                    try store.recordWatch(watch, state: DeltaWatchState(version: 0, schema: nil).json, landing: bad)
                }
                #expect(try store.tableWatch("sales")?.isFirstLook == true)
                #expect(try store.tableVersions("sales").isEmpty)
            }
        }

        @Test func watchingTheSamePathAgainKeepsWhatWasSeenAndAnotherStartsOver() throws {
            try withMetadataStore { store, _ in
                let (watch, _) = try store.watchTable("sales", path: "/data/sales", kind: .delta, at: storedTime(0))
                _ = try store.recordWatch(watch, state: DeltaWatchState(version: 4, schema: nil).json, landing: nil)
                let (again, replaced) = try store.watchTable("sales", path: "/data/sales", kind: .delta, at: storedTime(5))
                #expect(again == replaced)
                #expect(DeltaWatchState(again.state)?.version == 4)
                let (moved, old) = try store.watchTable("sales", path: "/data/sales2", kind: .marker, at: storedTime(9))
                #expect(old?.path == "/data/sales")
                #expect(moved.isFirstLook)
                #expect(moved.createdAt == StoredTime.milliseconds(storedTime(9)))
                // A look at the old watch that finishes after the replacement records nothing.
                #expect(try store.recordWatch(again, state: DeltaWatchState(version: 5, schema: nil).json,
                                              landing: Self.landing("f5", commit: "5")) == .stale)
            }
        }

        @Test func unwatchingKeepsTheVersions() throws {
            try withMetadataStore { store, _ in
                let (watch, _) = try store.watchTable("sales", path: "/data/sales", kind: .delta)
                _ = try store.recordWatch(watch, state: DeltaWatchState(version: 0, schema: nil).json, landing: Self.landing("f0", commit: "0"))
                #expect(try store.unwatchTable("sales")?.path == "/data/sales")
                #expect(try store.unwatchTable("sales") == nil)
                #expect(try store.tableWatches().isEmpty)
                #expect(try store.tableVersions("sales").count == 1)
                #expect(try store.recordWatch(watch, state: .object([:]), landing: nil) == .stale)
            }
        }

        @Test func aBadTableNameIsRefused() throws {
            try withMetadataStore { store, _ in
                #expect(throws: TableError("the table name 'a/b' has a '/'; use letters, digits, '_', '-' and '.'")) {
                    try store.watchTable("a/b", path: "/data", kind: .marker)
                }
            }
        }
    }
}
