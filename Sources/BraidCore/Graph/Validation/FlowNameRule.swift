/// The flow's name is letters, digits and `_`, starting with a letter: it
/// names the flow in the store, on the command line and in the client API.
enum FlowNameRule: GraphRule {
    static func problems(in context: ValidationContext) -> [GraphProblem] {
        guard !GraphNames.isFlowName(context.spec.flow) else { return [] }
        return [GraphProblem(context.flowSubject, at: context.flowLocation,
                             "the flow name is not valid: use letters, digits and '_', starting with a letter "
                                 + "(e.g. 'PricingFlow')")]
    }
}
