import Foundation
import Testing
@testable import BraidCore

extension MetadataTests {
    /// Several writers on one store at once never see "database is locked".
    @Suite struct ConcurrentWriteTests {
        /// Runs `body(i)` on `count` threads at once and returns the errors they threw.
        private func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) throws -> Void) -> [String] {
            let errors = Errors()
            let group = DispatchGroup()
            for index in 0..<count {
                group.enter()
                let thread = Thread {
                    defer { group.leave() }
                    do { try body(index) } catch { errors.append("\(error)") }
                }
                thread.start()
            }
            group.wait()
            return errors.all
        }

        @Test func threadsSharingOneStore() throws {
            try withMetadataStore { store, _ in
                let errors = onThreads(4) { index in
                    let run = try store.createRun(Fixture.run(flow: "T\(index)"))
                    for _ in 0..<150 { try Fixture.recordTask(store, run: run, artifacts: 10) }
                }
                #expect(errors == [])
                for index in 0..<4 {
                    let run = try #require(try store.latestRun(flow: "T\(index)"))
                    #expect(try store.tasks(run: run.id).count == 150)
                }
            }
        }

        @Test func separateConnectionsInOneProcess() throws {
            try withScratchDirectory { dir in
                let path = dir + "/braid.db"
                let errors = onThreads(4) { index in
                    // Each thread opens its own store, as separate processes would;
                    // the first ones race to create and migrate the file.
                    let store = try MetadataStore(path: path)
                    let run = try store.createRun(Fixture.run(flow: "C\(index)"))
                    for task in 0..<150 {
                        try Fixture.recordTask(store, run: run, artifacts: 10)
                        if task % 25 == 0 { _ = try store.runs(limit: 10) } // readers alongside the writers
                    }
                }
                #expect(errors == [])
                let store = try MetadataStore(path: path)
                #expect(try store.flows().map(\.runCount) == [1, 1, 1, 1])
                for flow in try store.flows() {
                    #expect(try store.tasks(run: try #require(flow.latestRunID)).count == 150)
                }
            }
        }

        @Test(.enabled(if: WriterChild.canSpawn)) func separateProcesses() throws {
            try withScratchDirectory { dir in
                let path = dir + "/braid.db"
                let children = try (0..<3).map { try WriterChild.spawn(database: path, tasks: 300, flow: "P\($0)") }
                // This process writes too, while the children do.
                let store = try MetadataStore(path: path)
                let run = try store.createRun(Fixture.run(flow: "Parent"))
                for _ in 0..<300 { try Fixture.recordTask(store, run: run, artifacts: 10) }
                for (index, child) in children.enumerated() {
                    child.waitUntilExit()
                    #expect(child.terminationStatus == 0, "\(WriterChild.output(database: path, flow: "P\(index)"))")
                }
                let flows = try store.flows()
                #expect(flows.map(\.name) == ["P0", "P1", "P2", "Parent"])
                for flow in flows {
                    #expect(try store.tasks(run: try #require(flow.latestRunID)).filter { $0.status == .succeeded }.count == 300)
                }
            }
        }
    }
}

/// Errors collected from several threads.
private final class Errors: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [String] = []

    func append(_ error: String) {
        lock.withLock { errors.append(error) }
    }

    var all: [String] { lock.withLock { errors } }
}
