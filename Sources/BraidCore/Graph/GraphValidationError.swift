/// A flow spec that is not a valid graph, with every problem found.
///
/// `description` is what `check` and `run` print:
///
/// ```
/// flow 'PricingFlow' has 2 problems:
///   pricing.py:13: step 'fit': transitions to 'trian', which is not a step of this flow (did you mean 'train'?); ...
///   pricing.py:5: parameter 'rows': the default is a string ("10"), which is not a valid int; ...
/// ```
public struct GraphValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The flow's name.
    public var flow: String
    /// The problems, in ``GraphValidation``'s order; never empty.
    public var problems: [GraphProblem]

    /// Creates an error.
    public init(flow: String, problems: [GraphProblem]) {
        self.flow = flow
        self.problems = problems
    }

    /// A heading line, then one indented line per problem.
    public var description: String {
        let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        return (["flow '\(flow)' has \(count):"] + problems.map { "  \($0)" }).joined(separator: "\n")
    }
}
