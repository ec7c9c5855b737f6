/// Every step is reachable from `start`, and `end` is reachable from every step.
///
/// The second half is checked where paths stop: a step other than `end` with
/// no next is a dead end, so runs that reach it never finish. The other ways
/// to miss `end` are reported at their cause by their own rules: a transition
/// to an unknown step (``TransitionTargetRule``) and a loop
/// (``AcyclicityRule``). Without a `start` (or an `end`) step, that half of
/// the check is skipped: ``SingleStartEndRule`` reports the missing step.
///
/// A transition to an unknown step that looks like a typo counts as a
/// transition to the step ``TransitionTargetRule`` suggests: `next: ["trian"]`
/// is reported once, not again as "'train' (and everything after it) can't
/// be reached".
enum ReachabilityRule: GraphRule {
    static func problems(in context: ValidationContext) -> [GraphProblem] {
        var problems: [GraphProblem] = []
        let reachable = context.reachable { name in
            // Like ValidationContext.children, `end` leads nowhere: its next is reported as such.
            name == "end" ? [] : context.stepsByName[name]!.next.compactMap { target in
                context.stepsByName[target] != nil ? target : NameSuggestion.closest(to: target, among: context.names)
            }
        }
        let hasStart = context.stepsByName["start"] != nil
        let hasEnd = context.stepsByName["end"] != nil
        for step in context.uniqueSteps {
            if hasStart && !reachable.contains(step.name) {
                problems.append(GraphProblem(.step(step.name), at: step.location,
                                             "can't be reached from 'start': no step that runs transitions to it; "
                                                 + "add it to another step's next, or remove it"))
            }
            if hasEnd && !step.isEnd && step.next.isEmpty {
                problems.append(GraphProblem(.step(step.name), at: step.location,
                                             "has no next step, so runs that reach it never get to 'end'; "
                                                 + "add a transition (only 'end' may finish a run)"))
            }
        }
        return problems
    }
}
