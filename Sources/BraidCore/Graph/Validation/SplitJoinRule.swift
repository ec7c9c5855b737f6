/// Every branch and foreach is closed by a join on every path, a join closes
/// exactly one split (the innermost one open on each incoming path) and sees
/// all of its paths, a step with several parents is a join, and a join has a
/// split to close. See ``SplitAnalysis`` for how.
///
/// Runs only on a structurally sound graph: with a loop, an unknown target or
/// a missing `start`, "the split open on this path" has no clear meaning, and
/// those problems are reported by their own rules first.
enum SplitJoinRule: GraphRule {
    static func problems(in context: ValidationContext) -> [GraphProblem] {
        guard context.isStructurallySound else { return [] }
        let position = Dictionary(uniqueKeysWithValues: context.names.enumerated().map { ($1, $0) })
        // Stable sort: declaration order of the step, then the order found.
        return SplitAnalysis(context).problems.enumerated()
            .sorted { (position[$0.element.step!]!, $0.offset) < (position[$1.element.step!]!, $1.offset) }
            .map(\.element)
    }
}
