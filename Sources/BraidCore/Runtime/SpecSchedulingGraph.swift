/// A ``SchedulingGraph`` read straight from a validated ``FlowSpec``.
///
/// Which split each join closes is found by walking from `start` with a
/// stack of open splits: a branch or foreach pushes itself, a join pops the
/// innermost one (docs/flow-spec.md: "a join closes exactly one split, the
/// innermost one open on each incoming path"). The walk visits each
/// (step, stack) pair once, so an unvalidated spec with a cycle still ends.
public struct SpecSchedulingGraph: SchedulingGraph, Sendable {
    /// The spec, as the client sent it.
    public let spec: FlowSpec
    private let steps: [String: StepSpec]
    private let closes: [String: String]

    public init(_ spec: FlowSpec) {
        self.spec = spec
        var steps: [String: StepSpec] = [:]
        for step in spec.steps where steps[step.name] == nil { steps[step.name] = step }
        self.steps = steps
        self.closes = Self.splitsClosedByJoins(steps)
    }

    public var stepNames: [String] { spec.steps.map(\.name) }

    public func step(named name: String) -> StepSpec? { steps[name] }

    public func transition(of step: String) -> StepTransition {
        steps[step].map(StepTransition.init) ?? .end
    }

    public func isJoin(_ step: String) -> Bool { steps[step]?.join ?? false }

    public func splitClosed(by join: String) -> String? { closes[join] }

    private static func splitsClosedByJoins(_ steps: [String: StepSpec]) -> [String: String] {
        struct Visit: Hashable { let step: String; let open: [String] }
        var closes: [String: String] = [:]
        var seen: Set<Visit> = []
        var pending = [Visit(step: "start", open: [])]
        while let visit = pending.popLast() {
            guard seen.insert(visit).inserted, let step = steps[visit.step] else { continue }
            var open = visit.open
            if step.join, let split = open.popLast(), closes[step.name] == nil {
                closes[step.name] = split
            }
            let transition = StepTransition(step)
            switch transition {
            case .branch, .foreach: open.append(step.name)
            case .linear, .end: break
            }
            for target in transition.targets { pending.append(Visit(step: target, open: open)) }
        }
        return closes
    }
}
