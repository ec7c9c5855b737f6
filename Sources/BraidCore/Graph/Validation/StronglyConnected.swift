/// Tarjan's strongly connected components, iterative so a long chain of
/// steps cannot overflow the stack.
enum StronglyConnected {
    /// The components of the graph, each a list of node names; every node is in exactly one.
    static func components(of nodes: [String], edges: [String: [String]]) -> [[String]] {
        var index: [String: Int] = [:]
        var lowLink: [String: Int] = [:]
        var onStack: Set<String> = []
        var stack: [String] = []
        var result: [[String]] = []
        var counter = 0

        for root in nodes where index[root] == nil {
            // Each frame: a node and how many of its children were visited.
            var frames: [(node: String, child: Int)] = [(root, 0)]
            index[root] = counter; lowLink[root] = counter; counter += 1
            stack.append(root); onStack.insert(root)
            while let (node, child) = frames.last {
                let children = edges[node] ?? []
                if child < children.count {
                    frames[frames.count - 1].child += 1
                    let next = children[child]
                    if index[next] == nil {
                        index[next] = counter; lowLink[next] = counter; counter += 1
                        stack.append(next); onStack.insert(next)
                        frames.append((next, 0))
                    } else if onStack.contains(next) {
                        lowLink[node] = min(lowLink[node]!, index[next]!)
                    }
                    continue
                }
                frames.removeLast()
                if let parent = frames.last?.node { lowLink[parent] = min(lowLink[parent]!, lowLink[node]!) }
                if lowLink[node] == index[node] {
                    var component: [String] = []
                    while let top = stack.popLast() {
                        onStack.remove(top)
                        component.append(top)
                        if top == node { break }
                    }
                    result.append(component)
                }
            }
        }
        return result
    }
}
