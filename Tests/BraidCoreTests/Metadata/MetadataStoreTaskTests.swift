import Foundation
import Testing
@testable import BraidCore

extension MetadataTests {
    @Suite struct MetadataStoreTaskTests {
        @Test func recordsATaskWithARetry() throws {
            try withMetadataStore { store, _ in
                let run = try store.createRun(Fixture.run())
                let start = try Fixture.recordTask(store, run: run, step: "start", artifacts: 1)
                let stack = [ForeachFrame(step: "fit", artifact: "grid", index: 2, count: 3)]
                let task = try store.createTask(NewTask(run: run, step: "train", parents: [start], foreachStack: stack))
                var record = try #require(try store.task(id: task))
                #expect(record.status == .pending && record.parents == [start] && record.foreachStack == stack)
                #expect(record.startedAt == nil && record.nextSteps == [] && record.foreachCount == nil)

                // Attempt 0 fails and a retry follows: the task stays running.
                try store.attemptStarted(Fixture.start(run: run, task: task, attempt: 0, at: 10))
                #expect(try store.task(id: task)?.status == .running)
                let failure = TaskFailure.stepRaised(language: "python", type: "ZeroDivisionError", message: "division by zero",
                                                     traceback: "Traceback…", phase: "step")
                try store.attemptFinished(AttemptEnd(run: run, task: task, attempt: 0, status: .failed, finishedAt: storedTime(11),
                                                     exitStatus: 1, failure: failure, willRetry: true))
                record = try #require(try store.task(id: task))
                #expect(record.status == .running && record.finishedAt == nil)

                // Attempt 1 succeeds with three artifacts and a foreach transition.
                try store.attemptStarted(Fixture.start(run: run, task: task, attempt: 1, at: 12))
                let artifacts = [Fixture.artifact("score", 1), Fixture.artifact("rate", 2), Fixture.artifact("a0", 0)]
                try store.attemptFinished(AttemptEnd(run: run, task: task, attempt: 1, status: .succeeded, finishedAt: storedTime(13),
                                                     exitStatus: 0, artifacts: artifacts, nextSteps: ["join"], foreachCount: 4))
                record = try #require(try store.task(id: task))
                #expect(record.status == .succeeded)
                #expect(record.startedAt == storedTime(10))
                #expect(record.finishedAt == storedTime(13))
                #expect(record.nextSteps == ["join"] && record.foreachCount == 4)

                let attempts = try store.attempts(task: task)
                #expect(attempts == [
                    AttemptRecord(task: task, attempt: 0, status: .failed, pid: 4242, startedAt: storedTime(10), finishedAt: storedTime(11),
                                  exitStatus: 1, signal: nil, failure: failure, stdoutPath: "/logs/\(task)/0.stdout",
                                  stderrPath: "/logs/\(task)/0.stderr"),
                    AttemptRecord(task: task, attempt: 1, status: .succeeded, pid: 4242, startedAt: storedTime(12),
                                  finishedAt: storedTime(13), exitStatus: 0, signal: nil, failure: nil,
                                  stdoutPath: "/logs/\(task)/1.stdout", stderrPath: "/logs/\(task)/1.stderr"),
                ])
                #expect(try store.artifacts(task: task).map(\.record) == artifacts.sorted { $0.name < $1.name })
                #expect(try store.artifact(task: task, name: "score")
                        == StoredArtifact(task: task, name: "score", object: artifacts[0].object, kind: "scalar", language: "python",
                                          typeName: "int", size: 101))
                #expect(try store.artifact(task: task, name: "nope") == nil)
                // Object a0 is shared with the start task: stored once.
                #expect(try store.containsObject(artifacts[2].object))
            }
        }

        @Test func aFailedTaskKeepsItsFailureAndNoArtifacts() throws {
            try withMetadataStore { store, _ in
                let run = try store.createRun(Fixture.run())
                let task = try store.createTask(NewTask(run: run, step: "start", parents: []))
                try store.attemptStarted(Fixture.start(run: run, task: task))
                try store.attemptFinished(AttemptEnd(run: run, task: task, attempt: 0, status: .failed, finishedAt: storedTime(2),
                                                     signal: 9, failure: .crashed(signal: 9),
                                                     artifacts: [Fixture.artifact("ignored")]))
                #expect(try store.task(id: task)?.status == .failed)
                #expect(try store.attempts(task: task).first?.failure == .crashed(signal: 9))
                #expect(try store.attempts(task: task).first?.signal == 9)
                #expect(try store.artifacts(task: task).isEmpty)
            }
        }

        @Test func listsTasksByRunAndStepWithJoinParentsInOrder() throws {
            try withMetadataStore { store, _ in
                let run = try store.createRun(Fixture.run())
                let other = try store.createRun(Fixture.run())
                let start = try Fixture.recordTask(store, run: run, step: "start", artifacts: 0)
                let branches = try (0..<3).map { _ in try Fixture.recordTask(store, run: run, step: "train", parents: [start], artifacts: 0) }
                let join = try store.createTask(NewTask(run: run, step: "join", parents: branches.reversed()))
                _ = try Fixture.recordTask(store, run: other, step: "start", artifacts: 0)

                let all = try store.tasks(run: run)
                #expect(all.map(\.id) == [start] + branches + [join])
                #expect(all.last?.parents == branches.reversed())
                #expect(try store.tasks(run: run, step: "train").map(\.parents) == [[start], [start], [start]])
                #expect(try store.tasks(run: run, step: "nope").isEmpty)
                #expect(try store.task(id: join)?.parents == branches.reversed())
                #expect(try store.task(id: 999) == nil)
            }
        }

        @Test func keepsTheOriginTaskOfAClone() throws {
            try withMetadataStore { store, _ in
                let origin = try store.createRun(Fixture.run())
                let original = try Fixture.recordTask(store, run: origin)
                let resumed = try store.createRun(Fixture.run(origin: origin))
                let clone = try store.createTask(NewTask(run: resumed, step: "start", parents: [], originTaskID: original))
                #expect(try store.task(id: clone)?.originTaskID == original)
            }
        }

        @Test func refusesUnknownRunsTasksAndAttempts() throws {
            try withMetadataStore { store, _ in
                let run = try store.createRun(Fixture.run())
                let other = try store.createRun(Fixture.run())
                let noRun = #expect(throws: MetadataError.self) { try store.createTask(NewTask(run: 99, step: "s", parents: [])) }
                #expect(noRun?.description == "there is no run 99 in the store")
                let noParent = #expect(throws: MetadataError.self) { try store.createTask(NewTask(run: run, step: "s", parents: [77])) }
                #expect(noParent?.description == "there is no task 77 in the store")
                let task = try store.createTask(NewTask(run: run, step: "s", parents: []))
                let wrongRun = #expect(throws: MetadataError.self) { try store.attemptStarted(Fixture.start(run: other, task: task)) }
                #expect(wrongRun?.description == "there is no task \(task) in run \(other)")
                let noAttempt = #expect(throws: MetadataError.self) {
                    try store.attemptFinished(AttemptEnd(run: run, task: task, attempt: 3, status: .failed, finishedAt: Date()))
                }
                #expect(noAttempt?.description == "task \(task) has no attempt 3 (record attemptStarted before attemptFinished)")
                let notEnded = #expect(throws: MetadataError.self) {
                    try store.attemptFinished(AttemptEnd(run: run, task: task, attempt: 0, status: .running, finishedAt: Date()))
                }
                #expect(notEnded?.code == .invalidArgument)
                try store.attemptStarted(Fixture.start(run: run, task: task))
                let twice = #expect(throws: SQLiteError.self) { try store.attemptStarted(Fixture.start(run: run, task: task)) }
                #expect(twice?.description.contains("UNIQUE constraint failed: attempts.task, attempts.attempt") == true)
            }
        }

        @Test func aRepeatedArtifactNameFailsTheWholeCall() throws {
            try withMetadataStore { store, _ in
                let run = try store.createRun(Fixture.run())
                let task = try store.createTask(NewTask(run: run, step: "s", parents: []))
                try store.attemptStarted(Fixture.start(run: run, task: task))
                let end = AttemptEnd(run: run, task: task, attempt: 0, status: .succeeded, finishedAt: storedTime(3),
                                     artifacts: [Fixture.artifact("x", 1), Fixture.artifact("x", 2)])
                #expect(throws: SQLiteError.self) { try store.attemptFinished(end) }
                // Nothing of the call was kept: the attempt and task are still running, no artifact.
                #expect(try store.attempts(task: task).first?.status == .running)
                #expect(try store.task(id: task)?.status == .running)
                #expect(try store.artifacts(task: task).isEmpty)
            }
        }
    }
}

extension MetadataTests {
    @Suite struct EngineDeathTests {
        @Test func aCaughtTaskSucceedsWithItsArtifactsAndAFailedAttempt() throws {
            try withMetadataStore { store, _ in
                let run = try store.createRun(Fixture.run())
                let task = try store.createTask(NewTask(run: run, step: "start", parents: []))
                try store.attemptStarted(Fixture.start(run: run, task: task))
                try store.attemptFinished(AttemptEnd(run: run, task: task, attempt: 0, status: .failed, finishedAt: storedTime(2),
                                                     exitStatus: 3, failure: .exited(status: 3), artifacts: [Fixture.artifact("err")],
                                                     nextSteps: ["end"], caught: true))
                let record = try #require(try store.task(id: task))
                #expect(record.status == .succeeded && record.nextSteps == ["end"])
                #expect(try store.attempts(task: task).map(\.status) == [.failed])
                #expect(try store.artifacts(task: task).map(\.name) == ["err"])
            }
        }

        @Test func aRunWhoseEngineDiedEndsFailedKeepingWhatFinished() throws {
            try withMetadataStore { store, _ in
                let run = try store.createRun(Fixture.run())
                try store.runStarted(run, at: storedTime(1))
                let done = try Fixture.recordTask(store, run: run, step: "start", artifacts: 1)
                let running = try store.createTask(NewTask(run: run, step: "a", parents: [done]))
                try store.attemptStarted(Fixture.start(run: run, task: running))
                #expect(try store.markAbandoned(run: run, at: storedTime(9)))
                #expect(try store.run(id: run)?.status == .failed)
                #expect(try store.task(id: done)?.status == .succeeded)
                #expect(try store.task(id: running)?.status == .failed)
                #expect(try store.attempts(task: running).map(\.failure) == [.engineLost])
                #expect(try !store.markAbandoned(run: run, at: storedTime(10)), "a finished run is left alone")
            }
        }
    }
}
