import Foundation
import Testing
@testable import BraidCore

@Suite enum TableWatchTests {}

/// The `nested_types` Delta log (Fixtures/delta/README.md).
enum DeltaFixture {
    static let log = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/delta/nested_types/_delta_log").path

    static func commit(_ version: Int64) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: log + "/" + DeltaLog.fileName(version: version))))
    }

    static let schema: JSONValue = .array([
        field("id", "long"), field("price", "decimal(10,2)"), field("day", "date"), field("at", "timestamp"),
        field("tags", "array<string>"), field("point", "struct<x:double,y:double>"), field("attrs", "map<string,integer>"),
    ])

    static func field(_ name: String, _ type: String, nullable: Bool = true) -> JSONValue {
        .object(["name": .string(name), "type": .string(type), "nullable": .bool(nullable)])
    }
}

extension TableWatchTests {
    @Suite struct DeltaLogTests {
        @Test(arguments: [
            ("00000000000000000000.json", 0 as Int64?), ("00000000000000000017.json", 17), ("99999999999999999999.json", nil),
            ("00000000000000000010.checkpoint.parquet", nil), ("00000000000000000010.crc", nil), ("_last_checkpoint", nil),
            ("0000000000000000001.json", nil), ("000000000000000000010.json", nil), ("_commit_3f2a.json.tmp", nil),
            ("00000000000000000000.00000000000000000009.compacted.json", nil), ("0000000000000000000a.json", nil),
        ])
        func onlyTwentyDigitJSONFilesAreCommits(name: String, version: Int64?) {
            #expect(DeltaLog.commitVersion(fileName: name) == version)
        }

        @Test func fileNamesArePaddedToTwentyDigits() {
            #expect(DeltaLog.fileName(version: 7) == "00000000000000000007.json")
            #expect(DeltaLog.commitVersion(fileName: DeltaLog.fileName(version: 123_456)) == 123_456)
        }

        @Test func aFirstLookTakesOnlyTheLatestCommit() {
            let names = ["00000000000000000002.json", "00000000000000000000.json", "00000000000000000001.json", "_last_checkpoint"]
            #expect(DeltaLog.commitsToRecord(in: names, state: nil) == [2])
            #expect(DeltaLog.commitsToRecord(in: [], state: nil) == [])
        }

        @Test func laterLooksTakeEveryNewerCommitInOrder() {
            let names = ["00000000000000000003.json", "00000000000000000001.json", "00000000000000000002.json",
                         "00000000000000000002.checkpoint.parquet", "00000000000000000000.json"]
            #expect(DeltaLog.commitsToRecord(in: names, state: DeltaWatchState(version: 0, schema: nil)) == [1, 2, 3])
            #expect(DeltaLog.commitsToRecord(in: names, state: DeltaWatchState(version: 3, schema: nil)) == [])
            #expect(DeltaLog.commitsToRecord(in: names, state: DeltaWatchState(version: -1, schema: nil)) == [0, 1, 2, 3])
        }

        @Test func theStateRoundTripsThroughJSON() {
            let state = DeltaWatchState(version: 4, schema: DeltaFixture.schema)
            #expect(DeltaWatchState(state.json) == state)
            #expect(DeltaWatchState(DeltaWatchState(version: -1, schema: nil).json) == DeltaWatchState(version: -1, schema: nil))
            #expect(DeltaWatchState(.object([:])) == nil)
        }
    }

    @Suite struct DeltaCommitTests {
        @Test func aCreateCommitGivesItsRowsAndSchema() throws {
            let commit = try DeltaCommit.parse(try DeltaFixture.commit(0))
            #expect(commit.addedRows == 2)
            #expect(commit.adds == 1)
            #expect(commit.addsWithoutRowCount == 0)
            #expect(try DeltaSchema.fields(schemaString: #require(commit.schemaString)) == DeltaFixture.schema)
        }

        @Test func anAppendHasNoMetaDataAndAnOverwriteCountsOnlyItsAdds() throws {
            let append = try DeltaCommit.parse(try DeltaFixture.commit(1))
            #expect(append.addedRows == 1)
            #expect(append.schemaString == nil)
            let overwrite = try DeltaCommit.parse(try DeltaFixture.commit(2))
            #expect(overwrite.addedRows == 2)
            #expect(overwrite.adds == 1)
        }

        @Test func addsWithoutStatisticsCountAsZeroRowsAndAreCounted() throws {
            let text = """
                {"commitInfo":{"operation":"WRITE"}}
                {"add":{"path":"a.parquet","size":1,"stats":"{\\"numRecords\\":3}"}}
                {"add":{"path":"b.parquet","size":1}}
                {"add":{"path":"c.parquet","size":1,"stats":{"numRecords":4}}}
                {"add":{"path":"d.parquet","size":1,"stats":"{\\"minValues\\":{}}"}}

                """
            let commit = try DeltaCommit.parse(Array(text.utf8))
            #expect(commit.addedRows == 7)
            #expect(commit.adds == 4)
            #expect(commit.addsWithoutRowCount == 2)
        }

        @Test(arguments: [
            ("not json at all", "line 1 is not a JSON object ('not json at all')"),
            ("{\"commitInfo\":{}}\n[1, 2]\n", "line 2 is not a JSON object ('[1, 2]')"),
            ("{\"add\":{\"path\":\"a\"}}\n{\"add\":{\"pa", "line 2 is not a JSON object ('{\"add\":{\"pa')"),
            ("", "it is empty"),
            ("\n\n", "it is empty"),
        ])
        func aCommitThatIsNotJSONLinesIsRefusedNamingTheLine(text: String, message: String) {
            #expect(throws: DeltaCommitError(message)) { try DeltaCommit.parse(Array(text.utf8)) }
        }

        @Test func aLongBadLineIsShortenedInTheMessage() {
            let line = String(repeating: "x", count: 100)
            #expect(throws: DeltaCommitError("line 1 is not a JSON object ('\(String(repeating: "x", count: 60))...')")) {
                try DeltaCommit.parse(Array(line.utf8))
            }
        }
    }

    @Suite struct DeltaSchemaTests {
        @Test func nestedTypesAreWrittenOnOneLine() throws {
            let text = #"""
                {"type":"struct","fields":[
                  {"name":"m","type":{"type":"map","keyType":"string","valueType":{"type":"array","elementType":"long","containsNull":true},
                   "valueContainsNull":true},"nullable":false,"metadata":{}},
                  {"name":"s","type":{"type":"struct","fields":[{"name":"a","type":"timestamp_ntz","nullable":true,"metadata":{}}]},
                   "nullable":true,"metadata":{}}]}
                """#
            #expect(try DeltaSchema.fields(schemaString: text) == .array([
                DeltaFixture.field("m", "map<string,array<long>>", nullable: false), DeltaFixture.field("s", "struct<a:timestamp_ntz>"),
            ]))
        }

        @Test(arguments: ["not json", #"{"type":"array","elementType":"long"}"#, #"{"type":"struct"}"#])
        func aSchemaStringThatIsNotAStructIsRefused(text: String) {
            #expect(throws: DeltaCommitError("its metaData.schemaString is not a Delta struct type")) {
                try DeltaSchema.fields(schemaString: text)
            }
        }
    }

    @Suite struct DeltaStepTests {
        let location = "/data/sales"

        @Test func aCommitLandsWithItsFingerprintVersionAndLocation() throws {
            let bytes = try DeltaFixture.commit(0)
            let step = try DeltaLog.step(table: "sales", location: location, version: 0, bytes: bytes, state: nil, publisher: "ana")
            #expect(step.landing.rows == 2)
            #expect(step.landing.schema == DeltaFixture.schema)
            #expect(step.landing.fingerprint == bytes.withUnsafeBytes { SHA256.hash($0).hex })
            #expect(step.landing.fingerprint.count == 64)
            #expect(step.landing.how == "delta")
            #expect(step.landing.location == location)
            #expect(step.landing.commit == "0")
            #expect(step.landing.object == nil)
            #expect(step.state == DeltaWatchState(version: 0, schema: DeltaFixture.schema))
            #expect(step.notes.isEmpty)
        }

        @Test func anAppendKeepsTheSchemaOfTheState() throws {
            let state = DeltaWatchState(version: 0, schema: DeltaFixture.schema)
            let step = try DeltaLog.step(table: "sales", location: location, version: 1, bytes: try DeltaFixture.commit(1), state: state,
                                         publisher: "ana")
            #expect(step.landing.schema == DeltaFixture.schema)
            #expect(step.landing.rows == 1)
            #expect(step.state == DeltaWatchState(version: 1, schema: DeltaFixture.schema))
        }

        @Test func aFirstLookAtAnAppendTakesTheSchemaFoundInOlderCommits() throws {
            let step = try DeltaLog.step(table: "sales", location: location, version: 1, bytes: try DeltaFixture.commit(1), state: nil,
                                         earlierSchema: DeltaFixture.schema, publisher: "ana")
            #expect(step.landing.schema == DeltaFixture.schema)
            let unknown = try DeltaLog.step(table: "sales", location: location, version: 1, bytes: try DeltaFixture.commit(1), state: nil,
                                            publisher: "ana")
            #expect(unknown.landing.schema == .array([]))
            #expect(unknown.state.schema == nil)
        }

        @Test func addsWithoutRowCountsAndABadSchemaAreNoted() throws {
            let text = """
                {"metaData":{"schemaString":"oops"}}
                {"add":{"path":"b.parquet","size":1}}
                """
            let state = DeltaWatchState(version: 4, schema: DeltaFixture.schema)
            let step = try DeltaLog.step(table: "sales", location: location, version: 5, bytes: Array(text.utf8), state: state,
                                         publisher: "ana")
            #expect(step.landing.rows == 0)
            #expect(step.landing.schema == DeltaFixture.schema)
            #expect(step.notes == [
                "sales: Delta commit 5 of /data/sales: its metaData.schemaString is not a Delta struct type; its schema is kept as before",
                "sales: Delta commit 5 of /data/sales has 1 of 1 add actions without numRecords statistics; they count as 0 rows",
            ])
        }

        @Test func aCommitThatIsNotJSONLandsNothing() {
            #expect(throws: DeltaCommitError("line 1 is not a JSON object ('garbage')")) {
                try DeltaLog.step(table: "sales", location: location, version: 3, bytes: Array("garbage".utf8),
                                  state: DeltaWatchState(version: 2, schema: nil), publisher: "ana")
            }
        }
    }
}
