/// What `@environment` asks for: variables added to the worker's environment.
/// Read it with ``StepSpec/environment``.
struct EnvironmentSpec: Sendable, Equatable {
    /// Variables the engine sets for every worker (docs/protocol.md); a step can't override them.
    static let engineVariables: Set<String> = ["BRAID_WORKER", "BRAID_PROTOCOL_FDS", "BRAID_HOME"]

    /// The valid variables.
    var variables: [String: String] = [:]

    init(reading args: inout DecoratorArguments) {
        guard let vars = args.object("vars", "an object mapping variable names to strings") else { return }
        for name in vars.keys.sorted() {
            let value = vars[name]!
            if !GraphNames.isEnvironmentName(name) {
                args.report("'\(name)' is not a valid variable name; use letters, digits and '_', not starting with a digit")
            } else if Self.engineVariables.contains(name) {
                args.report("'\(name)' is set by the engine for every worker and can't be changed; remove it")
            } else if let text = value.stringValue {
                variables[name] = text
            } else {
                args.report("the value of '\(name)' must be a string, found \(value.kindDescription); quote it")
            }
        }
    }
}
