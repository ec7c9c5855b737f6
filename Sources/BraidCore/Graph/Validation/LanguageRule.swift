/// The flow and every step are in a language Braid has workers for, and
/// interpreters the client resolved are absolute paths (docs/flow-spec.md).
enum LanguageRule: GraphRule {
    /// The languages with a worker (docs/protocol.md).
    static let languages = ["python", "r"]

    static func problems(in context: ValidationContext) -> [GraphProblem] {
        var problems: [GraphProblem] = []
        let spec = context.spec
        if !languages.contains(spec.language) {
            problems.append(GraphProblem(context.flowSubject, at: context.flowLocation,
                                         "the flow's language \(quoted(spec.language)) is not one Braid runs; use 'python' or 'r'"))
        }
        for language in spec.interpreters.keys.sorted() {
            let path = spec.interpreters[language]!
            if !languages.contains(language) {
                problems.append(GraphProblem(context.flowSubject, at: context.flowLocation,
                                             "an interpreter is given for \(quoted(language)), which is not a language "
                                                 + "Braid runs; use 'python' or 'r'"))
            } else if !path.hasPrefix("/") {
                problems.append(GraphProblem(context.flowSubject, at: context.flowLocation,
                                             "the \(language) interpreter \(quoted(path)) is not an absolute path; "
                                                 + "resolve it in the client, or leave it out and let the engine find one"))
            }
        }
        for step in spec.steps where !languages.contains(step.language) {
            problems.append(GraphProblem(.step(step.name), at: step.location,
                                         "the step's language \(quoted(step.language)) is not one Braid runs; use 'python' or 'r'"))
        }
        return problems
    }

    private static func quoted(_ text: String) -> String { "'\(text)'" }
}
