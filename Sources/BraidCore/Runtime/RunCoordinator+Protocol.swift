import Foundation

/// What the coordinator does with the lines a worker sends on fd 4.
extension RunCoordinator {
    /// Frames bytes into lines and handles each; the first violation stops the worker.
    func receiveProtocolBytes(_ attempt: ActiveAttempt, _ bytes: UnsafeRawBufferPointer) {
        do {
            try attempt.worker.framer.append(bytes) { line in
                // After done, error or a violation the attempt is decided; later lines are not read.
                guard attempt.outcome == nil else { return }
                let message = try attempt.worker.conversation.receive(line: line)
                receive(message, from: attempt)
            }
        } catch let error as ProtocolError {
            stop(attempt, because: error.failure)
        } catch {
            stop(attempt, because: .protocolViolation(line: "", reason: "\(error)"))
        }
    }

    private func receive(_ message: WorkerMessage, from attempt: ActiveAttempt) {
        switch message {
        case .hello:
            break
        case .artifact(let artifact):
            store(artifact, for: attempt)
        case .next(let next):
            if let failure = TransitionCheck.failure(taken: next, declared: graph.transition(of: attempt.plan.step)) {
                stop(attempt, because: failure)
            } else {
                attempt.next = next
            }
        case .done:
            if attempt.next == nil, graph.transition(of: attempt.plan.step) != .end {
                stop(attempt, because: .protocolViolation(line: #"{"type": "done"}"#,
                                                          reason: "'done' without 'next' (every step but end reports its transition)"))
                return
            }
            taskEnded(attempt, .succeeded)
        case .error(let report):
            let language = attempt.worker.conversation.hello?.language ?? attempt.spec.language
            taskEnded(attempt, .failed(.stepRaised(language: language, type: report.errorType, message: report.message,
                                                   traceback: report.traceback, phase: report.phase)))
        }
    }

    /// The worker reported done or error: close fd 3 so it exits, and give it time to.
    private func taskEnded(_ attempt: ActiveAttempt, _ outcome: ActiveAttempt.Outcome) {
        attempt.outcome = outcome
        attempt.worker.process.close(.toWorker)
        attempt.worker.process.close(.fromWorker)
        attempt.exitDeadline = clock.now + options.exitGrace
    }

    /// Checks an artifact's file is the task's to give, and moves it into the store.
    private func store(_ artifact: WorkerMessage.Artifact, for attempt: ActiveAttempt) {
        let path = artifact.path.lexicallyNormalizedPath
        guard path.hasPrefix(attempt.spool.lexicallyNormalizedPath + "/") else {
            // The engine renames the file into the store: it must not be any other file of the user's.
            stop(attempt, because: .artifactRejected(name: artifact.name,
                                                     reason: "its file '\(artifact.path)' is not in the task's spool directory \(attempt.spool)"))
            return
        }
        do {
            let (hash, size) = try ingester.ingest(spoolFile: path)
            attempt.artifacts[artifact.name] = ArtifactRecord(name: artifact.name, object: hash, kind: artifact.kind,
                                                              language: artifact.language, typeName: artifact.typeName, size: size)
        } catch {
            stop(attempt, because: .artifactRejected(name: artifact.name, reason: "\(error)"))
        }
    }

    /// fd 4 reached end of file. After done or error that is expected; before, the
    /// worker has until the exit grace to exit (its exit status then explains more
    /// than "closed the channel" would).
    func protocolChannelClosed(_ attempt: ActiveAttempt) {
        guard attempt.outcome == nil, attempt.exitDeadline == nil else { return }
        attempt.exitDeadline = clock.now + options.exitGrace
    }
}
