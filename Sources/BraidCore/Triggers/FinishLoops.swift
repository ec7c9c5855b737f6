/// Loops of `@trigger_on_finish` among deployments: A waits on B's finish and
/// B (perhaps through others) on A's, so one run would start the next forever.
public enum FinishLoops {
    /// A cycle through `flow`, as the flows in waiting order (`[A, B]`: A waits on B, B on A), or nil.
    /// - Parameter waitsOn: each deployed flow's upstream flows, with `flow`'s new ones.
    public static func cycle(through flow: String, waitsOn: [String: [String]]) -> [String]? {
        var visited: Set<String> = []
        func search(_ current: String, _ path: [String]) -> [String]? {
            for upstream in waitsOn[current] ?? [] {
                if upstream == flow { return path }
                if visited.insert(upstream).inserted, let found = search(upstream, path + [upstream]) { return found }
            }
            return nil
        }
        return search(flow, [flow])
    }

    /// `A starts when B succeeds, and B starts when A succeeds`.
    public static func describe(_ cycle: [String]) -> String {
        let pairs = cycle.indices.map { i in "\(cycle[i]) starts when \(cycle[(i + 1) % cycle.count]) succeeds" }
        return pairs.joined(separator: ", and ")
    }
}
