import Foundation

/// An amount of CPU and memory: what a task claims while it runs, or what the machine has.
///
/// CPU is kept in thousandths of a core so that adding and removing
/// fractional claims (`@resources(cpu=0.5)`) never drifts.
public struct ResourceAmount: Hashable, Sendable, CustomStringConvertible {
    /// Thousandths of a CPU core.
    public var milliCPU: Int
    /// Megabytes of memory.
    public var memoryMB: Int

    /// An amount from cores (fractions allowed) and megabytes.
    public init(cpu: Double, memoryMB: Int) {
        self.milliCPU = Int((cpu * 1000).rounded(.up))
        self.memoryMB = memoryMB
    }

    /// Nothing at all.
    public static let zero = ResourceAmount(cpu: 0, memoryMB: 0)

    /// The cores, as a number.
    public var cpu: Double { Double(milliCPU) / 1000 }

    /// "2 CPUs and 4096 MB".
    public var description: String {
        "\(cpu.formatted()) CPU\(milliCPU == 1000 ? "" : "s") and \(memoryMB) MB"
    }
}

/// What the local scheduler may run at once: the machine's cores and memory,
/// less what the running tasks declared with `@resources`.
///
/// A task of a step without `@resources(cpu=...)` claims one core; one without
/// `memory=` claims no memory (it is not counted, as Metaflow's local runtime
/// does not count it either). `--max-workers` caps the number of tasks on top
/// of this. When nothing runs, any task fits: a step that asks for more than
/// the machine has is refused before the run starts (``oversizedSteps(in:capacity:)``),
/// so this only keeps a scheduler used without that check from stalling.
public struct ResourceBudget: Sendable, Equatable {
    /// What a task claims when its step does not say.
    public static let defaultDemand = ResourceAmount(cpu: 1, memoryMB: 0)

    /// Everything there is.
    public let capacity: ResourceAmount
    /// What the running tasks claim.
    public private(set) var inUse = ResourceAmount.zero
    /// How many claims are held.
    public private(set) var holders = 0

    /// A budget with nothing in use.
    public init(capacity: ResourceAmount) {
        self.capacity = capacity
    }

    /// Whether a task claiming `demand` can start now.
    public func fits(_ demand: ResourceAmount) -> Bool {
        holders == 0
            || (inUse.milliCPU + demand.milliCPU <= capacity.milliCPU && inUse.memoryMB + demand.memoryMB <= capacity.memoryMB)
    }

    /// Takes a claim (the caller checked ``fits(_:)``).
    public mutating func reserve(_ demand: ResourceAmount) {
        inUse.milliCPU += demand.milliCPU
        inUse.memoryMB += demand.memoryMB
        holders += 1
    }

    /// Gives a claim back.
    public mutating func release(_ demand: ResourceAmount) {
        inUse.milliCPU = max(0, inUse.milliCPU - demand.milliCPU)
        inUse.memoryMB = max(0, inUse.memoryMB - demand.memoryMB)
        holders = max(0, holders - 1)
    }

    /// What one task of `step` claims.
    public static func demand(of step: StepSpec) -> ResourceAmount {
        let declared = step.resources
        return ResourceAmount(cpu: declared?.cpu ?? defaultDemand.cpu, memoryMB: declared?.memoryMB ?? defaultDemand.memoryMB)
    }

    /// The steps that ask for more than `capacity`, each with a sentence naming it, for an error before the run starts.
    public static func oversizedSteps(in graph: FlowGraph, capacity: ResourceAmount) -> [String] {
        graph.stepNames.compactMap { name in
            guard let step = graph.step(named: name) else { return nil }
            let demand = demand(of: step)
            var excess: [String] = []
            if demand.milliCPU > capacity.milliCPU {
                excess.append("cpu=\(demand.cpu.formatted()) but this machine has \(capacity.cpu.formatted()) cores")
            }
            if demand.memoryMB > capacity.memoryMB {
                excess.append("memory=\(demand.memoryMB) MB but this machine has \(capacity.memoryMB) MB")
            }
            guard !excess.isEmpty else { return nil }
            let location = (step.decorator(.resources)?.line ?? step.line).map { " (\(step.file):\($0))" } ?? ""
            return "step '\(name)'\(location) asks for \(excess.joined(separator: " and ")) in @resources; "
                + "lower it, or run it where there is more"
        }
    }
}

/// Steps that ask for more than the machine has: the run does not start.
public struct ResourceError: Error, CustomStringConvertible {
    /// One sentence per step.
    public let problems: [String]

    public var description: String {
        (["the run cannot start: \(problems.count == 1 ? "a step asks" : "steps ask") for more than this machine has:"]
            + problems.map { "  \($0)" }).joined(separator: "\n")
    }
}

extension ResourceAmount {
    /// The cores and memory this process may use: the processor count and
    /// physical memory, lowered by cgroup v2 limits (`cpu.max`, `memory.max`)
    /// when the engine runs in a container.
    public static func machine() -> ResourceAmount {
        var cpu = Double(ProcessInfo.processInfo.activeProcessorCount)
        var memory = Int(ProcessInfo.processInfo.physicalMemory / (1 << 20))
        if let text = try? String(contentsOfFile: "/sys/fs/cgroup/cpu.max", encoding: .utf8) {
            // "max 100000" (no limit) or "QUOTA PERIOD" in microseconds (https://docs.kernel.org/admin-guide/cgroup-v2.html).
            let parts = text.split(whereSeparator: \.isWhitespace)
            if parts.count == 2, let quota = Double(parts[0]), let period = Double(parts[1]), period > 0 {
                cpu = min(cpu, max(1, quota / period))
            }
        }
        if let text = try? String(contentsOfFile: "/sys/fs/cgroup/memory.max", encoding: .utf8),
           let bytes = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
            memory = min(memory, bytes / (1 << 20))
        }
        return ResourceAmount(cpu: cpu, memoryMB: memory)
    }
}
