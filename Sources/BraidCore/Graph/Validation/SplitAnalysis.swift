/// Which splits each step runs inside, and which join closes which split.
///
/// Walks the reachable steps in topological order carrying a stack of open
/// splits, outermost first. A branch or foreach pushes a frame on each edge
/// out of it (recording which of its paths the edge is); a join pops the
/// innermost frame, which must be the same split on every incoming edge, and
/// must see every path of that split. Metaflow's `check_split_join_balance`
/// does this per path; carrying one stack per step (and checking that the
/// edges into it agree) keeps it linear in the size of the graph.
///
/// Where incoming edges disagree (a step with several parents that is not a
/// join, or a join of different splits), the stacks after that step are a
/// guess; problems further down are then consequences, so the analysis
/// keeps going but reports nothing more below such a step.
///
/// Only meaningful on a structurally sound graph
/// (``ValidationContext/isStructurallySound``).
struct SplitAnalysis {
    /// One open split on the way to a step: the split step and the path out of it.
    struct Frame: Hashable {
        /// The branch or foreach step.
        var split: String
        /// The first step of the path (for a foreach, its single next step).
        var path: String
    }

    /// For each reachable step: the splits it runs inside, outermost first.
    /// A split is not inside itself, and a join is outside the split it closes.
    private(set) var frames: [String: [Frame]] = [:]
    /// For each join: the split it closes.
    private(set) var closedSplit: [String: String] = [:]
    /// Problems found, in the order found (topological).
    private(set) var problems: [GraphProblem] = []
    /// Steps below a disagreement, whose problems would be consequences of it.
    private var uncertain: Set<String> = []

    private let context: ValidationContext

    init(_ context: ValidationContext) {
        self.context = context
        guard let order = context.topologicalOrder else { return }
        let reachable = context.reachableFromStart
        for name in order where reachable.contains(name) {
            visit(context.stepsByName[name]!, parents: (context.parents[name] ?? []).filter(reachable.contains))
        }
    }

    /// Whether the step opens a split: a foreach, or a branch to two or more steps.
    func isSplit(_ name: String) -> Bool {
        context.stepsByName[name]!.foreach != nil || context.children[name]!.count > 1
    }

    /// The frames on the edge from `parent` to `child`.
    private func edgeFrames(from parent: String, to child: String) -> [Frame] {
        frames[parent]! + (isSplit(parent) ? [Frame(split: parent, path: child)] : [])
    }

    private mutating func visit(_ step: StepSpec, parents: [String]) {
        if parents.contains(where: uncertain.contains) { uncertain.insert(step.name) }
        let incoming = parents.map { (parent: $0, frames: edgeFrames(from: $0, to: step.name)) }
        // An `end` marked as a join is reported by TransitionShapeRule; here it is the plain end.
        if step.join && !step.isEnd {
            frames[step.name] = closeSplit(at: step, incoming: incoming)
            return
        }
        frames[step.name] = incoming.first?.frames ?? []
        if parents.count > 1 {
            let open = frames[step.name]!.last.map { " before \(describe($0.split)) is closed" } ?? ""
            report(step, step.isEnd
                ? "is reached from \(parents.count) steps (\(quotedList(parents)))\(open); add a join step "
                    + "that takes their inputs before 'end', and point them at it"
                : "has \(parents.count) parents (\(quotedList(parents))) but is not a join; make it a join "
                    + "(it then takes inputs: `def \(step.name)(self, inputs)` in Python, `join = TRUE` in R), "
                    + "or add a join step before it")
            uncertain.insert(step.name)
        } else if step.isEnd, let open = frames[step.name], !open.isEmpty {
            let splits = open.map { describe($0.split) }
            let what = splits.count == 1
                ? "before \(splits[0]) is closed; add a join step (one that takes inputs) before 'end' to close it"
                : "before \(splits.joined(separator: " and ")) are closed; add a join step for each before 'end', innermost first"
            report(step, "is reached " + what)
        }
    }

    /// Checks a join's incoming edges and returns the frames it runs inside.
    private mutating func closeSplit(at join: StepSpec, incoming: [(parent: String, frames: [Frame])]) -> [Frame] {
        guard let reference = incoming.first else {
            report(join, nothingToJoin)
            return []
        }
        if let other = incoming.first(where: { $0.frames.last?.split != reference.frames.last?.split }) {
            report(join, "joins steps from different splits: \(whereIs(reference)) but \(whereIs(other)); "
                + "close each split with its own join, innermost first")
            uncertain.insert(join.name)
            return Array(reference.frames.dropLast())
        }
        guard let split = reference.frames.last?.split else {
            report(join, nothingToJoin)
            return []
        }
        closedSplit[join.name] = split
        let paths = Set(incoming.map { $0.frames.last!.path })
        let missing = context.children[split]!.filter { !paths.contains($0) }
        if !missing.isEmpty {
            let which = missing.count == 1 ? "the path through '\(missing[0])' doesn't" : "the paths through \(quotedList(missing)) don't"
            report(join, "closes \(describe(split)), but \(which) lead to it; "
                + "make the last step on each path transition to '\(join.name)'")
        }
        if incoming.contains(where: { $0.parent == split }) {
            let splitStep = context.stepsByName[split]!
            let message = splitStep.foreach != nil
                ? "fans out straight into its join '\(join.name)'; add a step between them that runs once per item"
                : "branches straight into its join '\(join.name)'; add a step on that path, or drop '\(join.name)' from the branch"
            report(splitStep, at: splitStep.nextLocation, message)
        }
        return Array(reference.frames.dropLast())
    }

    private var nothingToJoin: String {
        "is a join, but no branch or foreach is open on the way to it, so there is nothing to join; "
            + "make it a plain step (no inputs argument in Python, no `join = TRUE` in R)"
    }

    /// `'a' is inside the branch at 'x'`, or `'a' is outside any split`.
    private func whereIs(_ edge: (parent: String, frames: [Frame])) -> String {
        guard let innermost = edge.frames.last else { return "'\(edge.parent)' is outside any split" }
        return "'\(edge.parent)' is inside \(describe(innermost.split))"
    }

    /// `the branch at 'x'` or `the foreach at 'x' (over 'items')`.
    func describe(_ split: String) -> String {
        if let artifact = context.stepsByName[split]!.foreach { return "the foreach at '\(split)' (over '\(artifact)')" }
        return "the branch at '\(split)'"
    }

    /// Records a problem about `step`, unless it lies below a disagreement.
    private mutating func report(_ step: StepSpec, at location: SourceLocation? = nil, _ message: String) {
        guard !uncertain.contains(step.name) else { return }
        problems.append(GraphProblem(.step(step.name), at: location ?? step.location, message))
    }
}
