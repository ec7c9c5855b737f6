/// A validated flow graph: what the scheduler runs.
///
/// Built only from a spec with no ``GraphProblem``s, so every step is
/// reachable from `start` and reaches `end`, every split is closed by exactly
/// one join, and each step's nesting of splits is known. Queries that take a
/// step name require a step of this flow (a precondition): names come from
/// the graph itself, not from users; use ``step(named:)`` to look a name up.
///
/// ```swift
/// let graph = try FlowGraph(validating: FlowSpec.decode(json: data))
/// graph.transition(of: "fit")        // .foreach("train", artifact: "grid")
/// graph.splitClosed(by: "join")      // "fit"
/// graph.enclosingSplits(of: "train") // ["fit"]
/// ```
public struct FlowGraph: Sendable {
    /// The spec the graph was built from.
    public let spec: FlowSpec
    /// Step names in declaration order.
    public let stepNames: [String]
    /// Step names in an order where each step comes after all its parents
    /// (ties in declaration order): `start` first, `end` last.
    public let topologicalOrder: [String]

    private let steps: [String: StepSpec]
    private let transitions: [String: Transition]
    private let parentsByStep: [String: [String]]
    private let splitsByStep: [String: [String]]
    private let splitByJoin: [String: String]
    private let joinBySplit: [String: String]

    /// Validates `spec` and builds its graph.
    /// - Throws: ``GraphValidationError`` with every problem when the spec is not a valid graph.
    public init(validating spec: FlowSpec) throws(GraphValidationError) {
        let problems = GraphValidation.problems(in: spec)
        guard problems.isEmpty else { throw GraphValidationError(flow: spec.flow, problems: problems) }
        let context = ValidationContext(spec)
        let analysis = SplitAnalysis(context)
        self.spec = spec
        stepNames = context.names
        topologicalOrder = context.topologicalOrder!
        steps = context.stepsByName
        transitions = context.stepsByName.mapValues(Self.transition(of:))
        splitsByStep = analysis.frames.mapValues { $0.map(\.split) }
        splitByJoin = analysis.closedSplit
        // Each split has one join in a valid graph; keep the first should that ever not hold.
        joinBySplit = Dictionary(analysis.closedSplit.map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        parentsByStep = context.names.reduce(into: [:]) { result, name in
            var parents = context.parents[name] ?? []
            if let split = analysis.closedSplit[name] {
                // A join's inputs come in the split's order: branch order, or the foreach's single path.
                let order = context.children[split]!
                parents.sort { order.firstIndex(of: analysis.frames[$0]!.last!.path)!
                    < order.firstIndex(of: analysis.frames[$1]!.last!.path)! }
            }
            result[name] = parents
        }
    }

    private static func transition(of step: StepSpec) -> Transition {
        if let artifact = step.foreach { return .foreach(step.next[0], artifact: artifact) }
        switch step.next.count {
        case 0: return .end
        case 1: return .linear(step.next[0])
        default: return .branch(step.next)
        }
    }

    // MARK: - Steps

    /// The step with this name, or nil when the flow has none.
    public func step(named name: String) -> StepSpec? { steps[name] }

    /// The `start` step.
    public var start: StepSpec { steps["start"]! }

    /// The `end` step.
    public var end: StepSpec { steps["end"]! }

    /// Where the step goes next.
    public func transition(of step: String) -> Transition { lookup(transitions, step) }

    /// The steps whose tasks feed this one: none for `start`, one for most
    /// steps, and for a join one per path of the split it closes, in the
    /// split's order (a static branch's `next` order).
    public func parents(of step: String) -> [String] { lookup(parentsByStep, step) }

    /// Whether the step is a join: it takes `inputs` and closes a split.
    public func isJoin(_ step: String) -> Bool { lookup(steps, step).join }

    // MARK: - Splits

    /// The branch or foreach step that a join closes.
    /// - Precondition: `join` is a join step (``isJoin(_:)``).
    public func splitClosed(by join: String) -> String {
        guard let split = splitByJoin[join] else { preconditionFailure("FlowGraph: '\(join)' is not a join step") }
        return split
    }

    /// The join that closes a branch or foreach step.
    /// - Precondition: `split` is a branch or foreach step (``Transition/isSplit``).
    public func joinClosing(split: String) -> String {
        guard let join = joinBySplit[split] else { preconditionFailure("FlowGraph: '\(split)' is not a split step") }
        return join
    }

    /// The branch and foreach steps the step runs inside, outermost first.
    ///
    /// A split is not inside itself, and a join is outside the split it closes:
    /// for `start → fit (foreach) → train → join → end`, `train` is inside
    /// `["fit"]` while `fit`, `join` and `end` are inside `[]`. A join's tasks
    /// wait for the tasks of its parents that share its enclosing splits'
    /// foreach indices.
    public func enclosingSplits(of step: String) -> [String] { lookup(splitsByStep, step) }

    /// The foreach steps among ``enclosingSplits(of:)``, outermost first: one
    /// per ``ForeachFrame`` in the step's tasks' foreach stacks.
    public func enclosingForeaches(of step: String) -> [String] {
        enclosingSplits(of: step).filter { steps[$0]!.foreach != nil }
    }

    private func lookup<T>(_ table: [String: T], _ step: String) -> T {
        guard let value = table[step] else { preconditionFailure("FlowGraph: no step named '\(step)'") }
        return value
    }
}
