import Foundation
import Testing
@testable import BraidCore

extension MetadataTests {
    /// A store left by a process that died at any point is consistent: every
    /// journal call is all there or not there at all.
    @Suite struct CrashConsistencyTests {
        @Test func anUncommittedTransactionIsGoneAfterReopening() throws {
            try withScratchDirectory { dir in
                let path = dir + "/braid.db"
                _ = try MetadataStore(path: path)
                do {
                    let db = try SQLiteConnection(path: path, busyTimeout: .seconds(1))
                    try db.executeScript("""
                        BEGIN IMMEDIATE;
                        INSERT INTO flows (name, created_at) VALUES ('F', 0);
                        INSERT INTO runs (flow, status, user, spec_json, parameters_json, created_at)
                        VALUES ('F', 'pending', 'ana', '{}', '{}', 0);
                        """)
                    #expect(!db.isAutocommit)
                    // The connection closes here with the transaction open, as when a
                    // process exits mid-write: SQLite rolls it back.
                }
                let store = try MetadataStore(path: path)
                #expect(try store.runs().isEmpty)
                #expect(try store.flows().isEmpty)
            }
        }

        @Test(.enabled(if: WriterChild.canSpawn)) func aWriterKilledMidWriteLeavesAConsistentStore() throws {
            try withScratchDirectory { dir in
                let path = dir + "/braid.db"
                // Kill a writer three times at different moments; each starts a new run.
                for (round, delay) in [0.3, 0.45, 0.6].enumerated() {
                    let child = try WriterChild.spawn(database: path, tasks: 0, flow: "Crash\(round)")
                    Thread.sleep(forTimeInterval: delay)
                    kill(child.processIdentifier, SIGKILL)
                    child.waitUntilExit()
                    #expect(child.terminationReason == .uncaughtSignal)
                }
                let store = try MetadataStore(path: path)
                let db = try SQLiteConnection(path: path, busyTimeout: .seconds(1))
                #expect(try db.scalarString("PRAGMA integrity_check") == "ok")
                #expect(try db.prepare("PRAGMA foreign_key_check").rows { try $0.string(0) } == [])
                var recorded = 0
                for run in try store.runs() {
                    for task in try store.tasks(run: run.id) {
                        try checkConsistent(task, store)
                        if task.status == .succeeded { recorded += 1 }
                    }
                }
                #expect(recorded > 0, "the writers recorded nothing before being killed")
                // The store takes new writes.
                let run = try store.createRun(Fixture.run())
                try Fixture.recordTask(store, run: run)
            }
        }

        /// What a task looks like after each complete journal call of `Fixture.recordTask`.
        private func checkConsistent(_ task: TaskRecord, _ store: MetadataStore) throws {
            let attempts = try store.attempts(task: task.id)
            let artifacts = try store.artifacts(task: task.id)
            switch task.status {
            case .pending:
                #expect(attempts.isEmpty && artifacts.isEmpty)
            case .running:
                #expect(attempts.map(\.status) == [.running] && artifacts.isEmpty && task.startedAt != nil)
            case .succeeded:
                #expect(attempts.map(\.status) == [.succeeded] && artifacts.count == 10)
                #expect(task.nextSteps == ["end"] && task.finishedAt != nil)
            case .failed, .cancelled:
                Issue.record("task \(task.id) is \(task.status), which the writer never records")
            }
        }
    }
}
