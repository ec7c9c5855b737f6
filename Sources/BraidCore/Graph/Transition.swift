/// Where a step goes when its task succeeds, as the scheduler sees it.
///
/// Whether the step is a join (takes `inputs`) is separate:
/// ``FlowGraph/isJoin(_:)``. A join can be `.linear` (the usual case) but
/// never a split.
public enum Transition: Equatable, Sendable, CustomStringConvertible {
    /// One next step, one task.
    case linear(String)
    /// A static branch: one task for each of two or more next steps, in this order.
    case branch([String])
    /// A fan-out: one task of the next step for each item of the artifact.
    case foreach(String, artifact: String)
    /// The end of the run.
    case end

    /// The next steps, in order; empty for `.end`.
    public var targets: [String] {
        switch self {
        case .linear(let step): [step]
        case .branch(let steps): steps
        case .foreach(let step, _): [step]
        case .end: []
        }
    }

    /// Whether the transition opens a split (a branch or a foreach) that a join closes.
    public var isSplit: Bool {
        switch self {
        case .branch, .foreach: true
        case .linear, .end: false
        }
    }

    /// `=> a`, `=> a, b`, `=> a (foreach over 'items')`, or `(end)`.
    public var description: String {
        switch self {
        case .linear(let step): "=> \(step)"
        case .branch(let steps): "=> \(steps.joined(separator: ", "))"
        case .foreach(let step, let artifact): "=> \(step) (foreach over '\(artifact)')"
        case .end: "(end)"
        }
    }
}
