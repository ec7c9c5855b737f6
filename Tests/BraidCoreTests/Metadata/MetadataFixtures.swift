import Foundation
@testable import BraidCore

/// Opens a fresh store in a scratch directory for one test.
func withMetadataStore<T>(_ body: (MetadataStore, String) throws -> T) throws -> T {
    try withScratchDirectory { dir in
        try body(try MetadataStore(path: dir + "/braid.db"), dir)
    }
}

/// A time with whole milliseconds, which the store keeps exactly.
func storedTime(_ seconds: Double) -> Date {
    Date(timeIntervalSince1970: ((1_700_000_000 + seconds) * 1000).rounded() / 1000)
}

enum Fixture {
    static func run(flow: String = "PricingFlow", user: String = "ana", at seconds: Double = 0,
                    userTags: [String] = [], origin: RunID? = nil) -> NewRun {
        NewRun(flow: flow, specJSON: #"{"flow":"\#(flow)"}"#, parameters: ["rows": .int(500), "rate": .double(0.5)],
               user: user, userTags: userTags, systemTags: ["user:\(user)", "language:python"], originRunID: origin,
               createdAt: storedTime(seconds))
    }

    static func artifact(_ name: String, _ index: Int = 0) -> ArtifactRecord {
        let hash = String(repeating: String(format: "%02x", index % 256), count: 32)
        return ArtifactRecord(name: name, object: hash, kind: "scalar", language: "python", typeName: "int", size: Int64(100 + index))
    }

    static func start(run: RunID, task: TaskID, attempt: Int = 0, at seconds: Double = 1) -> AttemptStart {
        AttemptStart(run: run, task: task, attempt: attempt, startedAt: storedTime(seconds), pid: 4242,
                     stdoutPath: "/logs/\(task)/\(attempt).stdout", stderrPath: "/logs/\(task)/\(attempt).stderr")
    }

    /// Records a whole successful task: created, one attempt, `artifacts` artifacts.
    @discardableResult
    static func recordTask(_ store: MetadataStore, run: RunID, step: String = "start", parents: [TaskID] = [],
                           artifacts: Int = 10) throws -> TaskID {
        let task = try store.createTask(NewTask(run: run, step: step, parents: parents))
        try store.attemptStarted(start(run: run, task: task))
        try store.attemptFinished(AttemptEnd(run: run, task: task, attempt: 0, status: .succeeded, finishedAt: storedTime(2),
                                             exitStatus: 0, artifacts: (0..<artifacts).map { artifact("a\($0)", $0) },
                                             nextSteps: ["end"]))
        return task
    }
}
