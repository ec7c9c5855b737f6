/// Each step's transition has a shape the engine can run: `end` goes nowhere
/// and is not a join; a foreach goes to exactly one step over a valid
/// artifact name; a branch goes to distinct steps; a join does not also split.
///
/// A step (other than `end`) with no next at all is reported by
/// ``ReachabilityRule``: its runs never reach `end`.
enum TransitionShapeRule: GraphRule {
    static func problems(in context: ValidationContext) -> [GraphProblem] {
        context.spec.steps.flatMap(problems(of:))
    }

    private static func problems(of step: StepSpec) -> [GraphProblem] {
        var problems: [GraphProblem] = []
        func report(_ location: SourceLocation, _ message: String) {
            problems.append(GraphProblem(.step(step.name), at: location, message))
        }
        if step.isEnd {
            if !step.next.isEmpty {
                report(step.nextLocation, "'end' finishes the run, so it can't transition (it names \(quotedList(step.next))); "
                    + "remove its next")
            } else if let artifact = step.foreach {
                report(step.nextLocation, "'end' finishes the run, so it can't fan out over '\(artifact)'; remove the foreach")
            }
            if step.join {
                report(step.location, "'end' can't be a join; add a join step that takes the inputs "
                    + "and transitions to 'end'")
            }
            return problems
        }
        if let artifact = step.foreach {
            if !GraphNames.isArtifactName(artifact) {
                report(step.nextLocation, "'\(artifact)' is not an artifact name to fan out over; "
                    + "name the list, vector or table artifact (letters, digits and '_')")
            }
            if step.next.count > 1 {
                report(step.nextLocation, "fans out over '\(artifact)' but names \(step.next.count) next steps "
                    + "(\(quotedList(step.next))); a foreach goes to exactly one step, which runs once per item")
            }
        }
        let repeated = duplicates(in: step.next)
        if !repeated.isEmpty {
            report(step.nextLocation, "names \(quotedList(repeated)) more than once in its next; "
                + "each path of a branch must go to a different step")
        }
        if step.join && (step.foreach != nil || Set(step.next).count > 1) {
            let split = step.foreach.map { "fans out over '\($0)'" } ?? "branches to \(quotedList(step.next))"
            report(step.nextLocation, "is a join and also \(split); a step can't do both: "
                + "add a step after '\(step.name)' that does the split")
        }
        return problems
    }

    /// Names that occur more than once, each once, in order of first repeat.
    private static func duplicates(in names: [String]) -> [String] {
        var seen: Set<String> = []
        var repeated: [String] = []
        for name in names where !seen.insert(name).inserted && !repeated.contains(name) {
            repeated.append(name)
        }
        return repeated
    }
}
