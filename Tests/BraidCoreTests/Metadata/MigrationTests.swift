import Foundation
import Testing
@testable import BraidCore

extension MetadataTests {
    @Suite struct MigrationTests {
        @Test func migratesAnEmptyFileToTheLatestVersion() throws {
            try withScratchDirectory { dir in
                let store = try MetadataStore(path: dir + "/braid.db")
                #expect(try store.schemaVersion == Migrations.latestVersion)
                let db = try SQLiteConnection(path: dir + "/braid.db", busyTimeout: .seconds(1))
                let tables = try db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").rows { try $0.string(0) }
                #expect(tables == ["artifacts", "attempts", "deployment_versions", "deployments", "events", "flows", "objects",
                                   "run_tables", "run_tags", "run_triggers", "runs", "sqlite_sequence", "table_versions",
                                   "table_watches", "tables", "task_parents", "tasks", "trigger_progress"])
                #expect(try db.scalarString("PRAGMA journal_mode") == "wal")
                #expect(try db.scalarString("PRAGMA integrity_check") == "ok")
            }
        }

        @Test func reopeningKeepsDataAndMigratesNothing() throws {
            try withScratchDirectory { dir in
                let first = try MetadataStore(path: dir + "/braid.db")
                let run = try first.createRun(NewRun(flow: "F", specJSON: "{}", parameters: [:], user: "ana"))
                let db = try SQLiteConnection(path: dir + "/braid.db", busyTimeout: .seconds(1))
                #expect(try Migrations.migrate(db, retry: .none) == Migrations.latestVersion)
                let second = try MetadataStore(path: dir + "/braid.db")
                #expect(try second.run(id: run)?.flow == "F")
            }
        }

        @Test func refusesAStoreFromANewerEngine() throws {
            try withScratchDirectory { dir in
                let path = dir + "/braid.db"
                _ = try MetadataStore(path: path)
                try SQLiteConnection(path: path, busyTimeout: .seconds(1)).executeScript("PRAGMA user_version = 99")
                let error = #expect(throws: MetadataError.self) { try MetadataStore(path: path) }
                #expect(error?.code == .schemaTooNew)
                #expect(error?.description == "\(path) has schema version 99, but this engine knows versions up to "
                    + "\(Migrations.latestVersion): upgrade braid to use this store")
            }
        }

        @Test func aFailingMigrationLeavesNothingBehind() throws {
            try withScratchDirectory { dir in
                let db = try SQLiteConnection(path: dir + "/braid.db", busyTimeout: .seconds(1))
                // A table that the first migration wants to create makes it fail half way.
                try db.executeScript("CREATE TABLE tasks (x INTEGER)")
                let error = #expect(throws: SQLiteError.self) { try Migrations.migrate(db, retry: .none) }
                #expect(error?.message == "table tasks already exists")
                #expect(try db.scalarInt64("PRAGMA user_version") == 0)
                #expect(try db.scalarInt64("SELECT count(*) FROM sqlite_schema WHERE name IN ('runs', 'flows')") == 0)
            }
        }

        /// The read API's queries find their rows through an index, never a full scan.
        @Test(arguments: [
            "SELECT * FROM runs WHERE flow = 'F' ORDER BY id DESC LIMIT 10",
            "SELECT * FROM runs WHERE flow = 'F' AND status = 'succeeded' ORDER BY id DESC LIMIT 1",
            "SELECT * FROM runs WHERE user = 'u' ORDER BY id DESC LIMIT 10",
            "SELECT * FROM runs WHERE flow = 'F' AND user = 'u' ORDER BY id DESC LIMIT 1",
            "SELECT * FROM tasks t WHERE t.run = 1 AND t.step = 's' ORDER BY t.id",
            "SELECT * FROM tasks t WHERE t.run = 1 ORDER BY t.id",
            "SELECT p.task, p.parent FROM task_parents p JOIN tasks t ON t.id = p.task WHERE t.run = 1 ORDER BY p.task, p.position",
            "SELECT * FROM attempts WHERE task = 1 ORDER BY attempt",
            "SELECT * FROM artifacts WHERE task = 1 ORDER BY name",
            "SELECT tag, is_system FROM run_tags WHERE run = 1 ORDER BY is_system DESC, tag",
        ])
        func queriesUseIndexes(sql: String) throws {
            try withScratchDirectory { dir in
                _ = try MetadataStore(path: dir + "/braid.db")
                let db = try SQLiteConnection(path: dir + "/braid.db", busyTimeout: .seconds(1))
                let plan = try db.prepare("EXPLAIN QUERY PLAN " + sql).rows { try $0.string(3) }
                #expect(!plan.contains { $0.hasPrefix("SCAN") }, "\(plan)")
            }
        }
    }
}
