/// The decorators the engine knows, with the arguments each takes.
///
/// A decorator with any other name is a validation problem: a typo such as
/// `@retries` must not silently do nothing.
public enum DecoratorKind: String, Sendable, CaseIterable {
    /// Rerun a failed task: `times`, `minutes_between_retries` (``RetrySpec``).
    case retry
    /// Record a failure and go on: `var`, `print_exception` (``CatchSpec``).
    case `catch`
    /// Stop a task that runs too long: `seconds`, `minutes`, `hours` (``StepSpec/timeoutSeconds``).
    case timeout
    /// What a task needs to run: `cpu`, `memory` (MB), `gpu` (``ResourcesSpec``).
    case resources
    /// Extra environment variables for the worker: `vars` (``StepSpec/environment``).
    case environment

    /// The argument names the decorator takes.
    public var argumentNames: [String] {
        switch self {
        case .retry: ["times", "minutes_between_retries"]
        case .catch: ["var", "print_exception"]
        case .timeout: ["seconds", "minutes", "hours"]
        case .resources: ["cpu", "memory", "gpu"]
        case .environment: ["vars"]
        }
    }

    /// Reads `arguments`, returning a message for each problem (unknown names,
    /// wrong types, values out of range), in a stable order.
    func problems(in arguments: [String: JSONValue]) -> [String] {
        var reader = DecoratorArguments(kind: self, values: arguments)
        switch self {
        case .retry: _ = RetrySpec(reading: &reader)
        case .catch: _ = CatchSpec(reading: &reader)
        case .timeout: _ = TimeoutSpec(reading: &reader)
        case .resources: _ = ResourcesSpec(reading: &reader)
        case .environment: _ = EnvironmentSpec(reading: &reader)
        }
        return reader.problems
    }
}
