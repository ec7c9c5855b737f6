import ArrowIPC
import Foundation
import Testing
@testable import BraidCore

extension TableWatchTests {
    /// The scanner on real directories and a real store (the daemon's inotify shell is covered end to end).
    @Suite struct TableWatchScannerTests {
        struct Setup {
            let store: MetadataStore
            let scanner: TableWatchScanner
            let dir: String

            func watch(_ path: String, _ kind: TableWatch.Kind) throws -> TableWatch {
                try store.watchTable("sales", path: path, kind: kind).watch
            }

            func scan() throws -> WatchScanReport {
                try scanner.scan(try #require(try store.tableWatch("sales")))
            }
        }

        func withSetup(_ body: (Setup) throws -> Void) throws {
            try withScratchDirectory { dir in
                let layout = StoreLayout(root: dir + "/home")
                let store = try MetadataStore(layout: layout)
                try body(Setup(store: store, scanner: TableWatchScanner(store: store, layout: layout, publisher: "test"), dir: dir))
            }
        }

        func copyCommit(_ version: Int64, to table: String) throws {
            try FileManager.default.createDirectory(atPath: table + "/_delta_log", withIntermediateDirectories: true)
            try Data(try DeltaFixture.commit(version)).write(to: URL(fileURLWithPath: table + "/_delta_log/" + DeltaLog.fileName(version: version)))
        }

        // MARK: - delta

        @Test func aFirstLookAtAnEmptyDirectoryRecordsThatNoCommitWasThere() throws {
            try withSetup { setup in
                let table = setup.dir + "/sales"
                try FileManager.default.createDirectory(atPath: table, withIntermediateDirectories: true)
                _ = try setup.watch(table, .delta)
                let report = try setup.scan()
                #expect(report.landed.isEmpty)
                #expect(report.problem == nil)
                #expect(report.directories == [table])
                #expect(DeltaWatchState(try #require(try setup.store.tableWatch("sales")).state) == DeltaWatchState(version: -1, schema: nil))
                try copyCommit(0, to: table)
                try copyCommit(1, to: table)
                let later = try setup.scan()
                #expect(later.landed.map(\.commit) == ["0", "1"])
                #expect(later.landed.map(\.rows) == [2, 1])
                #expect(later.landed.map(\.schema) == [DeltaFixture.schema, DeltaFixture.schema])
                #expect(later.directories == [table, table + "/_delta_log"])
            }
        }

        @Test func aFirstLookLandsTheLatestCommitWithTheSchemaOfAnOlderOne() throws {
            try withSetup { setup in
                let table = setup.dir + "/sales"
                try copyCommit(0, to: table)
                try copyCommit(1, to: table)
                _ = try setup.watch(table, .delta)
                let report = try setup.scan()
                #expect(report.landed.map(\.commit) == ["1"])
                #expect(report.landed.first?.schema == DeltaFixture.schema)
                #expect(try setup.scan().landed.isEmpty)  // nothing new
            }
        }

        @Test func aCommitThatIsNotJSONStopsTheLookAndLaterCommitsWaitBehindIt() throws {
            try withSetup { setup in
                let table = setup.dir + "/sales"
                try copyCommit(0, to: table)
                _ = try setup.watch(table, .delta)
                _ = try setup.scan()
                let bad = table + "/_delta_log/" + DeltaLog.fileName(version: 1)
                try Data("garbage\n".utf8).write(to: URL(fileURLWithPath: bad))
                try copyCommit(2, to: table)
                let report = try setup.scan()
                #expect(report.landed.isEmpty)
                #expect(report.problem?.kind == .unrecordable)
                #expect(report.problem?.message == "table sales: the Delta commit \(bad) is not JSON: line 1 is not a JSON object ('garbage'); "
                    + "it is not recorded, and later commits wait until it is fixed")
                #expect(try setup.scan().problem == report.problem)  // the same problem: the service logs it once
                try copyCommit(1, to: table)  // fixed
                let fixed = try setup.scan()
                #expect(fixed.problem == nil)
                #expect(fixed.landed.map(\.commit) == ["1", "2"])
                #expect(try setup.store.tableVersions("sales").map(\.version) == [1, 2, 3])
            }
        }

        @Test func aVanishedLocationIsAProblemAndTheWatchStays() throws {
            try withSetup { setup in
                let table = setup.dir + "/sales"
                try copyCommit(0, to: table)
                _ = try setup.watch(table, .delta)
                _ = try setup.scan()
                try FileManager.default.moveItem(atPath: table, toPath: table + ".away")
                let report = try setup.scan()
                #expect(report.problem == WatchProblem(.unavailable, key: "unavailable 2", message: "table sales: the watched location "
                    + "\(table) is gone; the watch stays, and landings are looked for again when it is back"))
                try FileManager.default.moveItem(atPath: table + ".away", toPath: table)
                try copyCommit(1, to: table)
                let back = try setup.scan()
                #expect(back.problem == nil)
                #expect(back.landed.map(\.commit) == ["1"])
            }
        }

        // MARK: - marker

        @Test func eachPartitionMarkerLandsOnceAndATouchLandsAgain() throws {
            try withSetup { setup in
                let out = setup.dir + "/out"
                try FileManager.default.createDirectory(atPath: out + "/day=1", withIntermediateDirectories: true)
                try FileManager.default.createDirectory(atPath: out + "/_temporary/0", withIntermediateDirectories: true)
                _ = try setup.watch(out, .marker)
                #expect(try setup.scan().landed.isEmpty)
                FileManager.default.createFile(atPath: out + "/day=1/part-0.parquet", contents: Data("x".utf8))
                FileManager.default.createFile(atPath: out + "/_temporary/0/_SUCCESS", contents: nil)  // scratch: never a batch
                FileManager.default.createFile(atPath: out + "/day=1/_SUCCESS", contents: nil)
                let first = try setup.scan()
                #expect(first.landed.map(\.commit) == ["day=1/_SUCCESS"])
                #expect(first.landed.first?.rows == 0)
                #expect(first.landed.first?.schema == .array([]))
                #expect(first.directories == [out, out + "/day=1"])
                #expect(try setup.scan().landed.isEmpty)
                try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(60)], ofItemAtPath: out + "/day=1/_SUCCESS")
                #expect(try setup.scan().landed.map(\.commit) == ["day=1/_SUCCESS"])
            }
        }

        @Test func aPartitionOfArrowFilesLandsWithItsRowsAndSchema() throws {
            try withSetup { setup in
                let out = setup.dir + "/out"
                try FileManager.default.createDirectory(atPath: out + "/day=2", withIntermediateDirectories: true)
                _ = try setup.watch(out, .marker)
                _ = try setup.scan()
                try writeArrow(out + "/day=2/a.arrow", values: [1, 2, 3])
                try writeArrow(out + "/day=2/b.arrow", values: [4])
                FileManager.default.createFile(atPath: out + "/day=2/_SUCCESS", contents: nil)
                let version = try #require(try setup.scan().landed.first)
                #expect(version.rows == 4)
                #expect(version.schema == .array([.object(["name": .string("id"), "type": .string("int64"), "nullable": .bool(true)])]))
            }
        }

        // MARK: - file

        @Test func aFileLandsWhenItsContentChangesAndIsStoredAsArrow() throws {
            try withSetup { setup in
                let file = setup.dir + "/sales.arrow"
                try writeArrow(file, values: [1, 2])
                _ = try setup.watch(file, .file)
                let first = try #require(try setup.scan().landed.first)
                #expect(first.rows == 2)
                #expect(first.how == "file")
                #expect(first.object == first.fingerprint)
                #expect(first.location == file)
                #expect(first.commit == String(first.fingerprint.prefix(12)))
                // Replaced by a rename with the same bytes: read, not a new version.
                try FileManager.default.copyItem(atPath: file, toPath: file + ".tmp")
                _ = rename(file + ".tmp", file)
                #expect(try setup.scan().landed.isEmpty)
                try writeArrow(file + ".tmp", values: [1, 2, 3])
                _ = rename(file + ".tmp", file)
                let second = try #require(try setup.scan().landed.first)
                #expect(second.rows == 3)
                #expect(second.version == 2)
            }
        }

        @Test func aFileThatIsNotArrowIsAProblemUntilItChanges() throws {
            try withSetup { setup in
                let file = setup.dir + "/sales.arrow"
                try writeArrow(file, values: [1])
                _ = try setup.watch(file, .file)
                _ = try setup.scan()
                try Data("half an arrow file".utf8).write(to: URL(fileURLWithPath: file))
                let report = try setup.scan()
                #expect(report.problem?.kind == .unrecordable)
                #expect(report.problem?.message.hasPrefix("table sales: \(file) is not a readable Arrow IPC file or stream") == true)
                #expect(report.landed.isEmpty)
                #expect(try setup.store.tableVersions("sales").count == 1)
                #expect(try FileManager.default.contentsOfDirectory(atPath: setup.dir + "/home/spool").isEmpty)  // nothing staged is left
            }
        }

        @Test func aParquetFileLandsAsItsLocationOnly() throws {
            try withSetup { setup in
                let file = setup.dir + "/sales.parquet"
                try Data("PAR1 not really PAR1".utf8).write(to: URL(fileURLWithPath: file))
                _ = try setup.watch(file, .file)
                let version = try #require(try setup.scan().landed.first)
                #expect(version.object == nil)
                #expect(version.location == file)
                #expect(version.rows == 0)
                #expect(version.fingerprint.count == 64)
            }
        }

        func writeArrow(_ path: String, values: [Int64]) throws {
            let column = FixedWidthBuilder<Int64>(type: .int64)
            column.append(contentsOf: values)
            let schema = Schema([Field("id", .int64)])
            let sink = try FileSink(path: path)
            let writer = try FileWriter(sink: sink, schema: schema)
            try writer.write(try RecordBatch(schema: schema, columns: [column.finish()]))
            try writer.finish()
            try sink.close()
        }
    }

    @Suite struct WatchLocationCheckTests {
        @Test(arguments: [("/a/b", "/w", "/a/b"), ("b/c", "/w", "/w/b/c"), ("./b/../c/", "/w/x", "/w/x/c"), ("../..", "/w/x", "/")])
        func pathsAreMadeAbsolute(path: String, directory: String, expected: String) {
            #expect(WatchLocationCheck.absolute(path, from: directory) == expected)
        }

        @Test func eachKindNeedsTheRightSortOfThing() throws {
            try withScratchDirectory { dir in
                let file = dir + "/sales.arrow"
                FileManager.default.createFile(atPath: file, contents: Data())
                #expect(WatchLocationCheck.problem(with: dir, kind: .delta) == nil)
                #expect(WatchLocationCheck.problem(with: dir, kind: .marker) == nil)
                #expect(WatchLocationCheck.problem(with: file, kind: .file) == nil)
                #expect(WatchLocationCheck.problem(with: dir + "/nope", kind: .marker) == "\(dir)/nope does not exist; watch a location "
                    + "that is there (for a Delta table, its directory; for markers, the output directory)")
                #expect(WatchLocationCheck.problem(with: file, kind: .delta) == "\(file) is a file; --kind delta watches a directory "
                    + "(the Delta table's, which holds _delta_log); --kind file watches one file")
                #expect(WatchLocationCheck.problem(with: dir, kind: .file) == "\(dir) is a directory; --kind file watches one file "
                    + "(--kind delta or marker watch a directory)")
            }
        }
    }
}
