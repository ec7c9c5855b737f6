/// What `@resources` asks for: the CPUs, memory and GPUs one task of the step
/// needs. The local scheduler never starts more work than the machine has.
/// Read it with ``StepSpec/resources``.
///
/// A field is nil when the decorator leaves it out; the scheduler picks the default.
public struct ResourcesSpec: Sendable, Equatable {
    /// CPU cores (may be fractional).
    public var cpu: Double?
    /// Memory in megabytes.
    public var memoryMB: Int?
    /// GPUs.
    public var gpu: Int?

    /// Creates a resource request.
    public init(cpu: Double? = nil, memoryMB: Int? = nil, gpu: Int? = nil) {
        self.cpu = cpu
        self.memoryMB = memoryMB
        self.gpu = gpu
    }

    init(reading args: inout DecoratorArguments) {
        cpu = args.number("cpu", "a number of cores greater than 0", where: { $0 > 0 })
        memoryMB = args.integer("memory", "a whole number of megabytes, at least 1", where: { $0 >= 1 })
        gpu = args.integer("gpu", "an integer of at least 0", where: { $0 >= 0 })
    }
}
