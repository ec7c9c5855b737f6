import Foundation

/// What the user asked to resume: `resume [STEP] [--origin-run-id ID]`.
public struct ResumeSelection: Sendable, Equatable {
    /// The run to resume; nil for the user's latest run of the flow.
    public var originRunID: RunID?
    /// The step to rerun from; nil to rerun from what failed.
    public var step: String?
    /// Whose latest run is meant when no id is given.
    public var user: String

    public init(originRunID: RunID? = nil, step: String? = nil, user: String) {
        self.originRunID = originRunID
        self.step = step
        self.user = user
    }
}

/// Why a run cannot be resumed as asked.
public enum ResumeError: Error, Equatable, CustomStringConvertible {
    case noEarlierRun(flow: String, user: String)
    case unknownRun(flow: String, run: RunID)
    case unknownStep(flow: String, step: String, steps: [String])
    case stillRunning(flow: String, run: RunID)
    case nothingToResume(flow: String, run: RunID)

    public var description: String {
        switch self {
        case let .noEarlierRun(flow, user):
            "there is no run of \(flow) by user \(user) to resume: run the flow first, or pass --origin-run-id"
        case let .unknownRun(flow, run):
            "there is no run \(flow)/\(run) to resume (`braid runs \(flow)` lists them)"
        case let .unknownStep(flow, step, steps):
            "\(flow) has no step '\(step)' to resume from; its steps are \(steps.joined(separator: ", "))"
        case let .stillRunning(flow, run):
            "run \(flow)/\(run) is still running in another engine; wait for it, or stop it, before resuming it"
        case let .nothingToResume(flow, run):
            "run \(flow)/\(run) succeeded, so nothing failed to resume from: name a step to rerun from (`resume STEP`)"
        }
    }
}

extension MetadataStore {
    /// Finds the origin run and works out what the resumed run may reuse.
    ///
    /// A run the store says is running whose engine is gone (its ``RunLock``
    /// is free) is marked failed first, so it can be resumed.
    /// - Returns: the plan, and the origin run (its parameters become the new run's).
    public func resumePlan(for graph: FlowGraph, selection: ResumeSelection, layout: StoreLayout) throws -> (ResumePlan, RunRecord) {
        let flow = graph.spec.flow
        if let step = selection.step, graph.step(named: step) == nil {
            throw ResumeError.unknownStep(flow: flow, step: step, steps: graph.topologicalOrder)
        }
        var origin: RunRecord
        if let id = selection.originRunID {
            guard let found = try run(flow: flow, id: id) else { throw ResumeError.unknownRun(flow: flow, run: id) }
            origin = found
        } else {
            guard let found = try latestRun(flow: flow, user: selection.user) else {
                throw ResumeError.noEarlierRun(flow: flow, user: selection.user)
            }
            origin = found
        }
        if !origin.status.isTerminal {
            if RunLock.isHeld(layout: layout, run: origin.id) { throw ResumeError.stillRunning(flow: flow, run: origin.id) }
            try markAbandoned(run: origin.id)
            SpoolDirectories.removeLeftovers(root: layout.spoolDirectory, flow: flow, run: origin.id)
            origin = try run(id: origin.id) ?? origin
        }
        if origin.status == .succeeded, selection.step == nil {
            throw ResumeError.nothingToResume(flow: flow, run: origin.id)
        }
        let rerun = selection.step.map { graph.stepsReachable(from: $0) } ?? []
        let plan = ResumePlan(originRunID: origin.id, rerunSteps: rerun, succeededTasks: try succeededTasks(run: origin.id))
        return (plan, origin)
    }
}

extension FlowGraph {
    /// `step` and every step after it.
    func stepsReachable(from step: String) -> Set<String> {
        var seen: Set<String> = [step]
        var queue = [step]
        while let current = queue.popLast() {
            let next: [String]
            switch transition(of: current) {
            case .end: next = []
            case .linear(let step): next = [step]
            case .branch(let steps): next = steps
            case .foreach(let step, _): next = [step]
            }
            for step in next where seen.insert(step).inserted { queue.append(step) }
        }
        return seen
    }
}
