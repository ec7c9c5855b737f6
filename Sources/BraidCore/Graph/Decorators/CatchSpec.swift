/// What `@catch` asks for: when the step still fails after its retries, record
/// the failure and let the run go on. Read it with ``StepSpec/catchPolicy``.
///
/// `@catch` is not allowed on a foreach step: a failed foreach has no items
/// to fan out over.
public struct CatchSpec: Sendable, Equatable {
    /// The artifact that receives the exception (`var`), if any.
    public var variable: String?
    /// Whether to print the exception to the task's stderr (`print_exception`, default true).
    public var printsException: Bool

    /// Creates a catch policy.
    public init(variable: String? = nil, printsException: Bool = true) {
        self.variable = variable
        self.printsException = printsException
    }

    init(reading args: inout DecoratorArguments) {
        self.init()
        variable = args.string("var", "an artifact name (letters, digits and '_', not starting with a digit)",
                               where: { GraphNames.isArtifactName($0) })
        if let variable, GraphNames.reserved.contains(variable) {
            args.report("'var' can't be '\(variable)', a name every flow already uses; choose another artifact name")
        }
        if let prints = args.bool("print_exception") { printsException = prints }
    }
}
