/// Every step says where its body is: an absolute file and a function a
/// worker can call there.
enum StepEntryRule: GraphRule {
    static func problems(in context: ValidationContext) -> [GraphProblem] {
        var problems: [GraphProblem] = []
        for step in context.spec.steps {
            if !step.file.hasPrefix("/") {
                problems.append(GraphProblem(.step(step.name), at: step.location,
                                             "the file '\(step.file)' is not an absolute path; "
                                                 + "the client must send the full path of the file holding the step"))
            }
            if step.function.isEmpty {
                problems.append(GraphProblem(.step(step.name), at: step.location,
                                             "names no function to call; give the function that holds the step's body"))
            }
        }
        return problems
    }
}
