/// One thing wrong with a flow spec, found by ``GraphValidation``.
///
/// A problem names what it is about (the flow, a step or a parameter), where
/// to look, and a message that says what is wrong and what to do. Validation
/// collects every problem rather than stopping at the first.
///
/// ```
/// pricing.py:13: step 'fit': transitions to 'trian', which is not a step of this flow; did you mean 'train'? ...
/// ```
public struct GraphProblem: Hashable, Sendable, CustomStringConvertible {
    /// What a problem is about.
    public enum Subject: Hashable, Sendable, CustomStringConvertible {
        /// The flow as a whole (its name, a missing `start` step).
        case flow(String)
        /// One step, by name.
        case step(String)
        /// One parameter, by name.
        case parameter(String)

        /// `flow 'PricingFlow'`, `step 'fit'` or `parameter 'rows'`.
        public var description: String {
            switch self {
            case .flow(let name): "flow '\(name)'"
            case .step(let name): "step '\(name)'"
            case .parameter(let name): "parameter '\(name)'"
            }
        }
    }

    /// What the problem is about.
    public var subject: Subject
    /// Where to look.
    public var location: SourceLocation
    /// What is wrong and what to do, without the location or subject.
    public var message: String

    /// Creates a problem.
    public init(_ subject: Subject, at location: SourceLocation, _ message: String) {
        self.subject = subject
        self.location = location
        self.message = message
    }

    /// The step the problem is about, if it is about a step.
    public var step: String? {
        if case .step(let name) = subject { name } else { nil }
    }

    /// One line: `pricing.py:13: step 'fit': message`.
    public var description: String { "\(location): \(subject): \(message)" }
}
