import Foundation
import Testing
@testable import BraidCore

extension MetadataTests {
    @Suite struct SQLiteConnectionTests {
        private func open(_ dir: String) throws -> SQLiteConnection {
            let db = try SQLiteConnection(path: dir + "/t.db", busyTimeout: .seconds(1))
            try db.configureForStore(fullSync: false, retry: .none)
            return db
        }

        @Test func bindsAndReadsEveryType() throws {
            try withScratchDirectory { dir in
                let db = try open(dir)
                try db.executeScript("CREATE TABLE t (i INTEGER, d REAL, s TEXT, b BLOB, n INTEGER)")
                let blob = Data([0, 1, 2, 255])
                try db.execute("INSERT INTO t VALUES (?, ?, ?, ?, ?)", Int64.max, 2.5, "héllo\u{0}x", blob, Int64?.none)
                try db.execute("INSERT INTO t VALUES (?, ?, ?, ?, ?)", Int64.min, -0.0, "", Data(), Optional(Int64(7)))
                let rows = try db.prepare("SELECT i, d, s, b, n FROM t ORDER BY rowid").rows { row in
                    (try row.int64(0), try row.double(1), try row.string(2), try row.data(3), try row.optionalInt64(4))
                }
                #expect(rows.count == 2)
                #expect(rows[0].0 == Int64.max && rows[0].1 == 2.5 && rows[0].2 == "héllo\u{0}x" && rows[0].3 == blob && rows[0].4 == nil)
                #expect(rows[1].0 == Int64.min && rows[1].2 == "" && rows[1].3 == Data() && rows[1].4 == 7)
                // The empty string is stored as TEXT, not NULL; the empty blob as BLOB.
                #expect(try db.scalarString("SELECT typeof(s) || ',' || typeof(b) FROM t WHERE i = ?", Int64.min) == "text,blob")
            }
        }

        @Test func typedReadsRefuseTheWrongStorageClass() throws {
            try withScratchDirectory { dir in
                let db = try open(dir)
                let error = #expect(throws: SQLiteError.self) {
                    _ = try db.prepare("SELECT NULL AS status").firstRow { try $0.string(0) }
                }
                #expect(error?.description == "SQLite error 20 (datatype mismatch: column 'status' holds NULL where TEXT "
                    + "was expected) while running `SELECT NULL AS status`")
            }
        }

        @Test func errorsCarryTheSQL() throws {
            try withScratchDirectory { dir in
                let db = try open(dir)
                try db.executeScript("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)")
                try db.execute("INSERT INTO t (name) VALUES (?)", "a")
                let error = #expect(throws: SQLiteError.self) {
                    try db.execute("INSERT INTO t (name)\n    VALUES (?)", "a")
                }
                #expect(error?.extendedCode == 2067) // SQLITE_CONSTRAINT_UNIQUE
                #expect(error?.description == "SQLite error 2067 (constraint failed: UNIQUE constraint failed: t.name) "
                    + "while running `INSERT INTO t (name) VALUES (?)`")
                let syntax = #expect(throws: SQLiteError.self) { _ = try db.prepare("SELEC 1") }
                #expect(syntax?.sql == "SELEC 1")
                #expect(syntax?.description.contains("syntax error") == true)
            }
        }

        @Test func refusesWrongParameterCountsAndSeveralStatements() throws {
            try withScratchDirectory { dir in
                let db = try open(dir)
                let count = #expect(throws: SQLiteError.self) { try db.execute("SELECT ?, ?", 1) }
                #expect(count?.message == "the statement has 2 parameters but 1 values were given")
                let several = #expect(throws: SQLiteError.self) { _ = try db.prepare("SELECT 1; SELECT 2") }
                #expect(several?.message == "the SQL holds more than one statement; use executeScript")
                // A trailing semicolon is one statement.
                #expect(try db.scalarInt64("SELECT 1;") == 1)
            }
        }

        @Test func cachesStatements() throws {
            try withScratchDirectory { dir in
                let db = try open(dir)
                let first = try db.cachedStatement("SELECT ?")
                let second = try db.cachedStatement("SELECT ?")
                #expect(first === second)
                #expect(try first.firstRow([Int64(4)]) { try $0.int64(0) } == 4)
                #expect(try second.firstRow([Int64(5)]) { try $0.int64(0) } == 5)
            }
        }

        @Test func refusesReusingAStatementWhileReadingItsRows() throws {
            try withScratchDirectory { dir in
                let db = try open(dir)
                let statement = try db.cachedStatement("SELECT value FROM json_each('[1,2,3]')")
                let error = #expect(throws: SQLiteError.self) { try readNested(statement) }
                #expect(error?.message == "the statement is used again while its rows are being read; prepare another")
                // It still works afterwards.
                #expect(try statement.rows { try $0.int64(0) } == [1, 2, 3])
            }
        }

        @Test func setsUpWALAndForeignKeys() throws {
            try withScratchDirectory { dir in
                let db = try open(dir)
                #expect(try db.scalarString("PRAGMA journal_mode") == "wal")
                #expect(try db.scalarInt64("PRAGMA synchronous") == 1) // NORMAL
                #expect(try db.scalarInt64("PRAGMA foreign_keys") == 1)
                #expect(try db.scalarInt64("PRAGMA wal_autocheckpoint") == 10000)
            }
        }

        @Test func rollsBackWhenTheBodyThrows() throws {
            struct Boom: Error {}
            try withScratchDirectory { dir in
                let db = try open(dir)
                try db.executeScript("CREATE TABLE t (x INTEGER)")
                // Not `#expect(throws:) { db.write { … } }`: Swift 6.3.1 gives a closure
                // nested in that macro's closure the same symbol as the next closure
                // in this function, and the later call then runs the wrong body.
                do {
                    try db.write(retry: .none) {
                        try db.execute("INSERT INTO t VALUES (1)")
                        throw Boom()
                    }
                    Issue.record("the write should have thrown")
                } catch {
                    #expect(error is Boom)
                }
                #expect(db.isAutocommit)
                #expect(try db.scalarInt64("SELECT count(*) FROM t") == 0)
                try db.write(retry: .none) { try db.execute("INSERT INTO t VALUES (2)") }
                #expect(try db.scalarInt64("SELECT sum(x) FROM t") == 2)
            }
        }

        @Test func retriesWhileAnotherConnectionHoldsTheWriteLock() throws {
            try withScratchDirectory { dir in
                let holder = try open(dir)
                try holder.executeScript("CREATE TABLE t (x INTEGER)")
                let waiter = try SQLiteConnection(path: dir + "/t.db", busyTimeout: .milliseconds(10))
                try holder.executeScript("BEGIN IMMEDIATE")
                // Without retries, the 10 ms timeout runs out.
                let busy = #expect(throws: SQLiteError.self) { try insertOne(waiter, retry: .none) }
                #expect(busy?.isBusy == true)
                #expect(busy?.description == "SQLite error 5 (database is locked) while running `BEGIN IMMEDIATE`")
                // With retries, the write goes through once the lock is released.
                // The holder is used by the other thread only after this one stopped using it.
                nonisolated(unsafe) let lockHolder = holder
                let release = Thread { Thread.sleep(forTimeInterval: 0.1); try? lockHolder.executeScript("COMMIT") }
                release.start()
                let retry = BusyRetryPolicy(maxAttempts: 50, initialDelay: .milliseconds(5), maxDelay: .milliseconds(20))
                try insertOne(waiter, retry: retry)
                #expect(try waiter.scalarInt64("SELECT count(*) FROM t") == 1)
            }
        }

        private func readNested(_ statement: SQLiteStatement) throws {
            try statement.forEachRow { _ in _ = try statement.rows { try $0.int64(0) } }
        }

        private func insertOne(_ db: SQLiteConnection, retry: BusyRetryPolicy) throws {
            try db.write(retry: retry) { try db.execute("INSERT INTO t VALUES (1)") }
        }
    }
}
