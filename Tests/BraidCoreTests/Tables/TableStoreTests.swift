import Foundation
import Testing
@testable import BraidCore

@Suite enum TableTests {}

extension TableTests {
    /// Landing and resolving table versions against a real SQLite store.
    @Suite struct TableStoreTests {
        static let schema: JSONValue = .array([.object(["name": .string("id"), "type": .string("int64"), "nullable": .bool(true)])])
        static let wider: JSONValue = .array([
            .object(["name": .string("id"), "type": .string("int64"), "nullable": .bool(true)]),
            .object(["name": .string("day"), "type": .string("utf8"), "nullable": .bool(true)]),
        ])

        func put(_ store: MetadataStore, _ fingerprint: String, schema: JSONValue = Self.schema, source: String? = nil,
                 force: Bool = false, sameSchema: Bool = false, at date: Date = Date()) throws -> TableLanding {
            try store.land(NewTableVersion(name: "sales", rows: 3, schema: schema, fingerprint: fingerprint,
                                           how: source == nil ? "put" : "flow", source: source, publisher: "ana"),
                           force: force, sameSchema: sameSchema, at: date)
        }

        func version(_ landing: TableLanding) -> Int64 {
            switch landing { case .landed(let v), .unchanged(let v): v.version }
        }

        @Test func versionsCountUpAndIdenticalContentLandsNothing() throws {
            try withMetadataStore { store, _ in
                let first = try put(store, "a")
                let again = try put(store, "a")
                let latest = try store.resolveTable("sales")
                let forced = try put(store, "a", force: true)
                let changed = try put(store, "b")
                let events = try store.events(name: "braid.table.sales")
                #expect(version(first) == 1)
                #expect(again == .unchanged(latest))
                #expect(version(forced) == 2)
                #expect(version(changed) == 3)
                #expect(events.map { $0.payload["version"] } == [.int(3), .int(2), .int(1)])
            }
        }

        @Test func aSchemaChangeIsRecordedOrRefused() throws {
            try withMetadataStore { store, _ in
                _ = try put(store, "a")
                #expect(throws: TableError.self) { try put(store, "b", schema: Self.wider, sameSchema: true) }
                #expect(try store.tableVersions("sales").count == 1)
                guard case .landed(let record) = try put(store, "b", schema: Self.wider) else { Issue.record("not landed"); return }
                #expect(record.schemaChanged)
            }
        }

        @Test func badNamesAreRefused() throws {
            try withMetadataStore { store, _ in
                for name in ["a/b", "..", "x..y", "", "bad\u{1}name", "-lead"] {
                    #expect(throws: TableError.self) {
                        try store.land(NewTableVersion(name: name, rows: 0, schema: .array([]), fingerprint: "f", how: "put", publisher: "ana"))
                    }
                }
                #expect(TableNames.problem(with: "sales.v2_daily-eu") == nil)
            }
        }

        @Test func aRunSeesOneVersionForItsWholeLifeAndItsResumeSeesItAgain() throws {
            try withMetadataStore { store, _ in
                _ = try put(store, "a", at: Date().addingTimeInterval(-2))
                let run = try store.createRun(NewRun(flow: "F", specJSON: "{}", parameters: [:], user: "ana",
                                                     createdAt: Date().addingTimeInterval(-1)))
                _ = try put(store, "b", force: true)  // lands after the run was created
                let first = try store.resolveTable("sales", source: "F/\(run)")
                #expect(first.version == 1)
                _ = try put(store, "c")
                #expect(try store.resolveTable("sales", source: "F/\(run)").version == 1)
                let resumed = try store.createRun(NewRun(flow: "F", specJSON: "{}", parameters: [:], user: "ana", originRunID: run))
                #expect(try store.resolveTable("sales", source: "F/\(resumed)").version == 1)
                #expect(try store.resolveTable("sales").version == 3)
                #expect(try store.tableConsumers("sales", version: 1) == [run, resumed])
            }
        }

        @Test func aTriggeredRunSeesTheVersionThatTriggeredIt() throws {
            try withMetadataStore { store, _ in
                let spec = TriggerTests.ClaimTests.spec([TriggerSpec(kind: .table, tables: ["sales"])])
                try TriggerTests.ClaimTests.deploy(store, spec)
                _ = try put(store, "a")
                _ = try put(store, "b")
                let runs = try store.claimTriggers().runs
                #expect(runs.count == 2)
                #expect(try store.resolveTable("sales", source: "Pricing/\(runs[0].run)").version == 1)
                #expect(try store.resolveTable("sales", source: "Pricing/\(runs[1].run)").version == 2)
            }
        }

        @Test func aPutFromAStepRecordsItsProducer() throws {
            try withMetadataStore { store, _ in
                let run = try store.createRun(NewRun(flow: "F", specJSON: "{}", parameters: [:], user: "ana"))
                let task = try store.createTask(NewTask(run: run, step: "start", parents: [], foreachStack: []))
                guard case .landed(let record) = try put(store, "a", source: "F/\(run)/start/\(task)") else { Issue.record("not landed"); return }
                #expect(record.run == run && record.task == task && record.how == "flow")
                #expect(throws: TableError("--from F/\(run)/start/999: run \(run) has no task 999")) { try put(store, "c", source: "F/\(run)/start/999") }
                #expect(try store.runTables(run: run, direction: "write").map(\.version) == [1])
                #expect(throws: TableError.self) { try put(store, "b", source: "F/999/start/1") }
            }
        }

        @Test func missingTablesAndVersionsAreNamed() throws {
            try withMetadataStore { store, _ in
                #expect(throws: TableError("there is no table named nope (braid table list shows the tables)")) {
                    try store.resolveTable("nope")
                }
                _ = try put(store, "a")
                #expect(throws: TableError("table sales has versions 1 to 1; there is no version 5")) {
                    try store.resolveTable("sales", version: 5)
                }
            }
        }
    }
}
