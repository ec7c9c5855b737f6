/// Every name in a step's `next` is a step of the flow, and none is `start`
/// (every run begins there; a transition back to it would loop). The targets
/// of `end` are left to ``TransitionShapeRule``, which says to remove them.
enum TransitionTargetRule: GraphRule {
    static func problems(in context: ValidationContext) -> [GraphProblem] {
        var problems: [GraphProblem] = []
        for step in context.spec.steps where !step.isEnd {
            var reported: Set<String> = []
            for target in step.next where reported.insert(target).inserted {
                if context.stepsByName[target] == nil {
                    let hint = NameSuggestion.closest(to: target, among: context.names).map { " (did you mean '\($0)'?)" } ?? ""
                    problems.append(GraphProblem(.step(step.name), at: step.nextLocation,
                                                 "transitions to '\(target)', which is not a step of this flow\(hint); "
                                                     + "fix the name or add the step"))
                } else if target == "start" {
                    problems.append(GraphProblem(.step(step.name), at: step.nextLocation,
                                                 "transitions to 'start', where every run begins; "
                                                     + "no step may lead back to it: point it at another step"))
                }
            }
        }
        return problems
    }
}
