/// Step names are safe (`[a-z_][a-z0-9_]*`, at most 64 characters: a step
/// name is a path component in the store and a function name in both
/// languages), not reserved, and unique.
enum StepNameRule: GraphRule {
    static func problems(in context: ValidationContext) -> [GraphProblem] {
        var problems: [GraphProblem] = []
        var seen: Set<String> = []
        for step in context.spec.steps {
            let name = step.name
            if !GraphNames.isStepName(name) {
                problems.append(GraphProblem(.step(name), at: step.location,
                                             "the name is not valid: use lowercase letters, digits and '_', "
                                                 + "not starting with a digit (e.g. 'fit_model')"))
            } else if name.utf8.count > GraphNames.maxStepNameLength {
                problems.append(GraphProblem(.step(name), at: step.location,
                                             "the name is \(name.utf8.count) characters long; "
                                                 + "use at most \(GraphNames.maxStepNameLength)"))
            } else if GraphNames.reserved.contains(name) {
                problems.append(GraphProblem(.step(name), at: step.location,
                                             "'\(name)' is reserved (every flow already has a '\(name)'); choose another name"))
            }
            if !seen.insert(name).inserted, let first = context.stepsByName[name] {
                problems.append(GraphProblem(.step(name), at: step.location,
                                             "another step has the same name (\(first.location)); rename or remove one of them"))
            }
        }
        return problems
    }
}
