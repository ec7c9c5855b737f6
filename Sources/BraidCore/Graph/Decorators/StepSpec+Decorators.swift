/// Typed views of a step's decorators, for the engine.
///
/// Read these from a validated graph (``FlowGraph``): on an unvalidated spec
/// an invalid argument reads as its default. When a decorator appears more
/// than once (a validation problem), the first one counts.
extension StepSpec {
    /// The first decorator of this kind, if the step has one.
    public func decorator(_ kind: DecoratorKind) -> DecoratorSpec? {
        decorators.first { $0.name == kind.rawValue }
    }

    /// The `@retry` policy, or nil when the step has none (a failure is final).
    public var retryPolicy: RetrySpec? {
        read(.retry, RetrySpec.init(reading:))
    }

    /// The `@catch` policy, or nil when the step has none (a failure fails the run).
    public var catchPolicy: CatchSpec? {
        read(.catch, CatchSpec.init(reading:))
    }

    /// The `@timeout` limit in seconds, or nil when the step has none.
    public var timeoutSeconds: Double? {
        read(.timeout, TimeoutSpec.init(reading:))?.seconds
    }

    /// The `@resources` request, or nil when the step has none.
    public var resources: ResourcesSpec? {
        read(.resources, ResourcesSpec.init(reading:))
    }

    /// The `@environment` variables; empty when the step has none.
    public var environment: [String: String] {
        read(.environment, EnvironmentSpec.init(reading:))?.variables ?? [:]
    }

    private func read<T>(_ kind: DecoratorKind, _ make: (inout DecoratorArguments) -> T) -> T? {
        guard let spec = decorator(kind) else { return nil }
        var reader = DecoratorArguments(kind: kind, values: spec.args)
        return make(&reader)
    }
}
