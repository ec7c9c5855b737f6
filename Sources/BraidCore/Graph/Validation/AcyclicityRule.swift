/// The graph has no cycles: a run goes from `start` to `end` and each step of
/// a path runs once (repetition is a foreach).
///
/// Each loop is reported once, at the transition that closes it: the steps of
/// every strongly connected component, found with Tarjan's algorithm, form
/// one report naming a shortest loop through the earliest-declared of them.
/// Transitions back to `start` and out of `end` are not edges here
/// (``ValidationContext/children``): other rules report them.
enum AcyclicityRule: GraphRule {
    static func problems(in context: ValidationContext) -> [GraphProblem] {
        guard context.topologicalOrder == nil else { return [] }
        let edges = context.children
        let position = Dictionary(uniqueKeysWithValues: context.names.enumerated().map { ($1, $0) })
        var problems: [GraphProblem] = []
        for component in StronglyConnected.components(of: context.names, edges: edges) {
            let members = Set(component)
            let first = component.min { position[$0]! < position[$1]! }!
            guard members.count > 1 || edges[first]!.contains(first) else { continue }
            let loop = shortestLoop(through: first, within: members, edges: edges)
            let closing = context.stepsByName[loop[loop.count - 2]]!
            let message = loop.count == 2
                ? "transitions to itself, which would loop forever; a flow can't loop: "
                    + "point it at a later step (to repeat work, use a foreach)"
                : "transitions back to '\(first)', closing the loop \(loop.joined(separator: " -> ")); a flow can't loop: "
                    + "point it at a later step (to repeat work, use a foreach)"
            problems.append(GraphProblem(.step(closing.name), at: closing.nextLocation, message))
        }
        return problems.sorted { position[$0.step!]! < position[$1.step!]! }
    }

    /// `[s, a, ..., t, s]`: a shortest path from `s` back to itself, by breadth-first search.
    private static func shortestLoop(through s: String, within members: Set<String>, edges: [String: [String]]) -> [String] {
        var previous: [String: String] = [:]
        var queue = [s]
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for child in edges[node]! where members.contains(child) {
                if child == s {
                    var path = [node]
                    while let p = previous[path[0]] { path.insert(p, at: 0) }
                    return (path.first == s ? path : [s] + path) + [s]
                }
                if previous[child] == nil { previous[child] = node; queue.append(child) }
            }
        }
        return [s, s]
    }
}
