/// The spec with the indexes every rule needs, built once per validation.
///
/// Edges are by name. When two steps share a name (a problem of its own), the
/// first declaration stands for the name in the graph. Transitions that are
/// problems of their own are left out of the edges, so that the structural
/// rules don't report them again: targets that are not steps, repeated
/// targets, transitions back to `start` and any transition out of `end`.
struct ValidationContext {
    let spec: FlowSpec
    /// The first step declared with each name.
    let stepsByName: [String: StepSpec]
    /// Names in declaration order, each once.
    let names: [String]
    /// For each name, the distinct targets of its `next` that are steps other
    /// than `start`, in `next` order; none for `end`.
    let children: [String: [String]]
    /// For each name, the steps whose `next` names it, in declaration order.
    let parents: [String: [String]]
    /// The names in an order where every step comes after its parents, ties
    /// broken by declaration order; nil when the graph has a cycle.
    let topologicalOrder: [String]?

    init(_ spec: FlowSpec) {
        self.spec = spec
        var byName: [String: StepSpec] = [:]
        var names: [String] = []
        for step in spec.steps where byName[step.name] == nil {
            byName[step.name] = step
            names.append(step.name)
        }
        var children: [String: [String]] = [:]
        var parents: [String: [String]] = [:]
        for name in names {
            var seen: Set<String> = []
            let next = name == "end" ? [] : byName[name]!.next
            let targets = next.filter { $0 != "start" && byName[$0] != nil && seen.insert($0).inserted }
            children[name] = targets
            for target in targets { parents[target, default: []].append(name) }
        }
        self.stepsByName = byName
        self.names = names
        self.children = children
        self.parents = parents
        self.topologicalOrder = Self.sort(names, children: children, parents: parents)
    }

    /// The names reachable from `start` by known transitions (empty without a `start`).
    var reachableFromStart: Set<String> { reachable { children[$0] ?? [] } }

    /// The names reachable from `start`, following `edges`.
    func reachable(following edges: (String) -> [String]) -> Set<String> {
        guard stepsByName["start"] != nil else { return [] }
        var seen: Set<String> = ["start"]
        var stack = ["start"]
        while let name = stack.popLast() {
            for child in edges(name) where seen.insert(child).inserted { stack.append(child) }
        }
        return seen
    }

    /// The steps in declaration order, first declaration of each name.
    var uniqueSteps: [StepSpec] { names.map { stepsByName[$0]! } }

    /// Where flow-level problems point: the flow's file.
    var flowLocation: SourceLocation { SourceLocation(file: spec.file, line: nil) }

    /// The flow as a problem subject.
    var flowSubject: GraphProblem.Subject { .flow(spec.flow) }

    /// Whether the graph is sound enough for the split/join analysis: one
    /// `start`, unique names, every target a step, no foreach with several
    /// next steps, and no cycles. Other rules report each of these.
    var isStructurallySound: Bool {
        stepsByName["start"] != nil
            && names.count == spec.steps.count
            && spec.steps.allSatisfy { $0.foreach == nil || $0.next.count <= 1 }
            && spec.steps.allSatisfy { step in step.next.allSatisfy { stepsByName[$0] != nil } }
            && topologicalOrder != nil
    }

    /// Kahn's algorithm, taking the earliest-declared ready step each time so
    /// the order is stable and reads like the source.
    private static func sort(_ names: [String], children: [String: [String]], parents: [String: [String]]) -> [String]? {
        var remaining = names.reduce(into: [String: Int]()) { $0[$1] = parents[$1]?.count ?? 0 }
        var order: [String] = []
        var ready = names.filter { remaining[$0] == 0 }
        let position = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        while !ready.isEmpty {
            let next = ready.min { position[$0]! < position[$1]! }!
            ready.removeAll { $0 == next }
            order.append(next)
            for child in children[next] ?? [] {
                remaining[child]! -= 1
                if remaining[child] == 0 { ready.append(child) }
            }
        }
        return order.count == names.count ? order : nil
    }
}
