import Foundation
import Testing
@testable import BraidCore

/// Runs flows with the fake worker against a temporary store, an in-memory
/// journal and a collecting printer.
final class CoordinatorHarness {
    let directory: TemporaryDirectory
    let layout: StoreLayout
    let journal = InMemoryJournal()
    let ingester: TestIngester
    let printer = CollectingPrinter()
    let trace: String
    var options: RunOptions
    private(set) var coordinator: RunCoordinator?

    init(maxWorkers: Int = 2) throws {
        directory = try TemporaryDirectory()
        layout = StoreLayout(root: directory.path + "/home")
        ingester = TestIngester(layout: layout)
        trace = try directory.subdirectory("trace")
        options = RunOptions(maxWorkers: maxWorkers, livePrinter: printer, terminationGrace: .milliseconds(500),
                             exitGrace: .seconds(2), workerCommands: ["python": FakeWorker.command])
    }

    /// Runs `steps` (their `file` replaced by the fake worker's script) with per-function behaviours.
    func run(_ steps: [StepSpec], behaviours: [String: [String: Any]] = [:], parameters: [String: JSONValue] = [:],
             prepare: ((RunCoordinator) -> Void)? = nil) throws -> RunResult {
        let script = try directory.writeJSON("flow.json", ["trace_dir": trace, "steps": behaviours])
        let steps = steps.map { step in
            var step = step
            step.file = script
            return step
        }
        let spec = Flows.spec(steps, file: script)
        let coordinator = try RunCoordinator(graph: try FlowGraph(validating: spec), request: RunRequest(spec: spec, parameters: parameters, user: "tester"),
                                             journal: journal, layout: layout, ingester: ingester, options: options)
        self.coordinator = coordinator
        prepare?(coordinator)
        return try coordinator.run()
    }

    /// The task message the fake worker received for a step's task (first attempt unless given).
    func received(_ step: String, task: TaskID? = nil, attempt: Int = 0) throws -> [String: Any] {
        let id = try #require(task ?? journal.taskID(step))
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(trace)/\(step)-\(id)-\(attempt).json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The text of the object an artifact reference (from a task message) points to.
    func content(_ reference: Any?) throws -> String {
        let path = try #require((reference as? [String: Any])?["path"] as? String)
        return try String(contentsOfFile: path, encoding: .utf8)
    }
}
