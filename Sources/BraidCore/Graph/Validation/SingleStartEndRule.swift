/// A flow has a `start` step, where every run begins, and an `end` step,
/// where every run finishes. (Two steps with the same name are reported by
/// ``StepNameRule``.)
enum SingleStartEndRule: GraphRule {
    static func problems(in context: ValidationContext) -> [GraphProblem] {
        var problems: [GraphProblem] = []
        if context.stepsByName["start"] == nil {
            problems.append(GraphProblem(context.flowSubject, at: context.flowLocation,
                                         "has no 'start' step; name the step every run begins with 'start'"))
        }
        if context.stepsByName["end"] == nil {
            problems.append(GraphProblem(context.flowSubject, at: context.flowLocation,
                                         "has no 'end' step; name the step every run finishes with 'end'"))
        }
        return problems
    }
}
