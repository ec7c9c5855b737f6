/// What the scheduler needs to know of a validated flow graph.
///
/// The graph model (`FlowGraph`, in `Graph/`) is written in parallel; this
/// protocol names the few members the runtime uses, so the scheduler can be
/// built and tested now. `SpecSchedulingGraph` implements it from a
/// `FlowSpec`; a `FlowGraph` adapter replaces it once that type exists (a
/// small wrapper struct avoids overloading `transition(of:)` by return type).
///
/// Every member may assume the graph passed validation: one `start`, one
/// `end`, every split closed by exactly one join, no cycles.
public protocol SchedulingGraph {
    /// Every step's name, in declaration order.
    var stepNames: [String] { get }
    /// The step's spec: language, file, function, decorators.
    func step(named name: String) -> StepSpec?
    /// Where the step goes when it finishes.
    func transition(of step: String) -> StepTransition
    /// Whether the step takes `inputs` (it closes a branch or a foreach).
    func isJoin(_ step: String) -> Bool
    /// The split step (branch or foreach) that a join closes.
    func splitClosed(by join: String) -> String?
}

/// Where a step goes when it finishes: the checked form of `next` / `foreach`.
public enum StepTransition: Hashable, Sendable, CustomStringConvertible {
    /// To one step.
    case linear(String)
    /// To each of two or more steps at once (a static branch), in the spec's order.
    case branch([String])
    /// To one task of `step` per item of `artifact`.
    case foreach(String, artifact: String)
    /// Nowhere: the `end` step.
    case end

    /// The transition a step's spec declares.
    public init(_ step: StepSpec) {
        if step.next.isEmpty {
            self = .end
        } else if let artifact = step.foreach, let target = step.next.first {
            self = .foreach(target, artifact: artifact)
        } else if step.next.count > 1 {
            self = .branch(step.next)
        } else {
            self = .linear(step.next[0])
        }
    }

    /// The steps it leads to.
    public var targets: [String] {
        switch self {
        case .linear(let step): [step]
        case .branch(let steps): steps
        case .foreach(let step, _): [step]
        case .end: []
        }
    }

    /// As messages show it: `train`, `a, b`, `train (foreach over grid)`, `nothing (end)`.
    public var description: String {
        switch self {
        case .linear(let step): step
        case .branch(let steps): steps.joined(separator: ", ")
        case .foreach(let step, let artifact): "\(step) (foreach over \(artifact))"
        case .end: "nothing (end)"
        }
    }
}
