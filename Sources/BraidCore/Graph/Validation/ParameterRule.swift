/// Parameters have valid, unique names that clash with no step and no
/// reserved name, a type Braid knows, and a default of that type.
///
/// A parameter becomes an artifact (`self.rows`) and a command-line option
/// (`--rows`), hence the naming rules.
enum ParameterRule: GraphRule {
    static func problems(in context: ValidationContext) -> [GraphProblem] {
        var problems: [GraphProblem] = []
        var seen: [String: ParameterSpec] = [:]
        for parameter in context.spec.parameters {
            let location = SourceLocation(file: context.spec.file, line: parameter.line)
            func report(_ message: String) {
                problems.append(GraphProblem(.parameter(parameter.name), at: location, message))
            }
            let name = parameter.name
            if !GraphNames.isFlowName(name) {
                report("the name is not valid: use letters, digits and '_', starting with a letter "
                    + "(it becomes an artifact and a command-line option)")
            } else if GraphNames.reserved.contains(name) {
                report("'\(name)' is reserved (every flow already has a '\(name)'); choose another name")
            }
            if let first = seen[name] {
                let other = SourceLocation(file: context.spec.file, line: first.line)
                report("another parameter has the same name (\(other)); rename or remove one of them")
            } else {
                seen[name] = parameter
            }
            if let step = context.stepsByName[name] {
                report("a step has the same name (\(step.location)); steps and parameters share the flow's names, "
                    + "so rename one of them")
            }
            guard let type = parameter.valueType else {
                let hint = NameSuggestion.closest(to: parameter.type, among: ParameterType.allCases.map(\.rawValue))
                    .map { " (did you mean '\($0)'?)" } ?? ""
                report("the type '\(parameter.type)' is not one Braid knows\(hint); use int, float, str, bool or json")
                continue
            }
            if let value = parameter.default, !type.accepts(value) {
                report("the default is \(value.kindDescription), which is not a valid \(type.rawValue); "
                    + "give \(expectation(type)), or change the type")
            }
        }
        return problems
    }

    private static func expectation(_ type: ParameterType) -> String {
        switch type {
        case .int: "an integer (e.g. 3)"
        case .float: "a number (e.g. 0.5)"
        case .str: "a string"
        case .bool: "true or false"
        case .json: "any JSON value"
        }
    }
}
