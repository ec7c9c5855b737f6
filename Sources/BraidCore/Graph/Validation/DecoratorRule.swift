/// Decorators are ones Braid knows, each at most once per step, with
/// arguments of the right names, types and ranges (see ``DecoratorKind`` and
/// the typed values in `Graph/Decorators/`); `@catch` is not on a foreach.
enum DecoratorRule: GraphRule {
    static func problems(in context: ValidationContext) -> [GraphProblem] {
        context.spec.steps.flatMap(problems(of:))
    }

    private static func problems(of step: StepSpec) -> [GraphProblem] {
        var problems: [GraphProblem] = []
        var seen: [String: DecoratorSpec] = [:]
        for decorator in step.decorators {
            let location = SourceLocation(file: step.file, line: decorator.line ?? step.line)
            func report(_ message: String) {
                problems.append(GraphProblem(.step(step.name), at: location, message))
            }
            guard let kind = decorator.kind else {
                let known = DecoratorKind.allCases.map(\.rawValue)
                let hint = NameSuggestion.closest(to: decorator.name, among: known).map { " (did you mean '@\($0)'?)" } ?? ""
                report("unknown decorator '@\(decorator.name)'\(hint); Braid knows "
                    + known.map { "@\($0)" }.joined(separator: ", "))
                continue
            }
            if let first = seen[decorator.name] {
                let other = SourceLocation(file: step.file, line: first.line ?? step.line)
                report("has @\(kind.rawValue) twice (also at \(other)); keep one")
                continue
            }
            seen[decorator.name] = decorator
            kind.problems(in: decorator.args).forEach(report)
            if kind == .catch, let artifact = step.foreach {
                report("@catch can't be used on a foreach step: when it fails there are no items of '\(artifact)' "
                    + "to fan out over; move the code that may fail into a step before it")
            }
        }
        return problems
    }
}
