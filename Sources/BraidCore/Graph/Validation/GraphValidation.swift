/// Checks a flow spec against the rules of docs/flow-spec.md and reports every
/// problem, not just the first.
///
/// Each rule lives in its own file and reports all problems of its kind. The
/// order is deterministic: rules in the order below (the flow, then names,
/// then transitions and structure, then parameters, decorators and triggers), and
/// within a rule, declaration order. The split/join analysis runs only once
/// the graph is sound enough for it to mean something (one `start`, unique
/// names, known targets, no cycles); until then the problems that stand in
/// its way are reported instead.
///
/// Use ``FlowGraph/init(validating:)`` to get a graph, or ``problems(in:)``
/// for `check`, which wants the list whatever it holds.
public enum GraphValidation {
    /// The rules in the order they report. A computed list: metatypes of a
    /// non-Sendable protocol can't be a `static let` under strict concurrency.
    static var rules: [any GraphRule.Type] {
        [
            FlowNameRule.self,
            SingleStartEndRule.self,
            StepNameRule.self,
            LanguageRule.self,
            StepEntryRule.self,
            TransitionShapeRule.self,
            TransitionTargetRule.self,
            ReachabilityRule.self,
            AcyclicityRule.self,
            SplitJoinRule.self,
            ParameterRule.self,
            DecoratorRule.self,
            TriggerRule.self,
        ]
    }

    /// Every problem with `spec`, in a stable order; empty when it is valid.
    public static func problems(in spec: FlowSpec) -> [GraphProblem] {
        let context = ValidationContext(spec)
        return rules.flatMap { $0.problems(in: context) }
    }
}

/// One validation rule: it looks at the whole spec and returns every problem
/// of its kind, in declaration order (argument-parser's `Validators/` shape).
protocol GraphRule {
    static func problems(in context: ValidationContext) -> [GraphProblem]
}
