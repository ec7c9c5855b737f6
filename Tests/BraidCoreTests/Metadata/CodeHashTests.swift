import Foundation
import Testing
@testable import BraidCore

extension MetadataTests {
    @Suite struct CodeHashTests {
        static let hash = String(repeating: "ab", count: 32)

        @Test func aRunKeepsItsCodeHash() throws {
            try withMetadataStore { store, _ in
                var new = Fixture.run()
                new.codeHash = Self.hash
                let run = try store.createRun(new)
                let plain = try store.createRun(Fixture.run())
                #expect(try store.run(id: run)?.codeHash == Self.hash)
                #expect(try store.run(id: plain)?.codeHash == nil)
                #expect(try store.runs().map(\.codeHash) == [nil, Self.hash])
            }
        }

        @Test func aHashThatIsNotASHA256IsRefused() throws {
            try withMetadataStore { store, _ in
                var new = Fixture.run()
                new.codeHash = "abc"
                let error = #expect(throws: SQLiteError.self) { try store.createRun(new) }
                #expect(error?.message.contains("CHECK constraint failed") == true)
            }
        }

        @Test func aVersion1StoreGainsTheColumnAndKeepsItsRuns() throws {
            try withScratchDirectory { dir in
                let path = dir + "/braid.db"
                let db = try SQLiteConnection(path: path, busyTimeout: .seconds(1))
                try db.executeScript(Migrations.schemaV1.sql + "\nPRAGMA user_version = 1;")
                try db.executeScript("""
                    INSERT INTO flows VALUES ('F', 0);
                    INSERT INTO runs (flow, status, user, spec_json, parameters_json, created_at)
                    VALUES ('F', 'succeeded', 'ana', '{}', '{}', 0);
                    """)
                let store = try MetadataStore(path: path)
                #expect(try store.schemaVersion == Migrations.latestVersion)
                let run = try #require(try store.runs().first)
                #expect(run.flow == "F")
                #expect(run.codeHash == nil)
            }
        }
    }
}
