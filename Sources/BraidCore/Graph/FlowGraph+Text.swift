extension FlowGraph {
    /// A readable rendering of the graph for `show` (like `python flow.py show`
    /// in Metaflow): the flow, its parameters, then each step in topological
    /// order, indented by how many splits it runs inside, with its kind, body,
    /// location, decorators, the split a join closes, and its transition.
    ///
    /// ```
    /// PricingFlow (python, pricing.py)
    ///
    /// Parameters:
    ///   rows: int = 10000  (rows to simulate)
    ///
    /// Steps:
    ///   start [start]  python start()  pricing.py:8
    ///     @retry(times=3)
    ///     => fit
    ///   fit [foreach]  python fit()  pricing.py:20
    ///     => train (foreach over 'grid')
    ///     train [linear]  r train()  train.R:3
    ///       => join
    ///   join [join]  python join()  pricing.py:31
    ///     closes fit
    ///     => end
    ///   end [end]  python end()  pricing.py:36
    /// ```
    public var text: String {
        var lines = ["\(spec.flow) (\(spec.language), \(SourceLocation(file: spec.file, line: nil)))"]
        if !spec.parameters.isEmpty {
            lines += ["", "Parameters:"] + spec.parameters.map { "  " + describe($0) }
        }
        lines += ["", "Steps:"]
        for name in topologicalOrder {
            let step = self.step(named: name)!
            let indent = String(repeating: "  ", count: enclosingSplits(of: name).count + 1)
            let location = step.location
            lines.append("\(indent)\(name) [\(kind(of: step))]  \(step.language) \(step.function)()  \(location)")
            lines += step.decorators.map { "\(indent)  \(describe($0))" }
            if step.join { lines.append("\(indent)  closes \(splitClosed(by: name))") }
            let transition = transition(of: name)
            if transition != .end { lines.append("\(indent)  \(transition)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `start`, `linear`, `branch`, `foreach`, `join` or `end`; a start that splits is `start, branch`.
    private func kind(of step: StepSpec) -> String {
        var kinds: [String] = []
        if step.isStart { kinds.append("start") }
        if step.join { kinds.append("join") }
        switch transition(of: step.name) {
        case .linear: if kinds.isEmpty { kinds.append("linear") }
        case .branch: kinds.append("branch")
        case .foreach: kinds.append("foreach")
        case .end: kinds.append("end")
        }
        return kinds.joined(separator: ", ")
    }

    /// `rows: int = 10000  (rows to simulate)`; `seed: int, required`.
    private func describe(_ parameter: ParameterSpec) -> String {
        var text = "\(parameter.name): \(parameter.type)"
        if let value = parameter.default { text += " = \(value.jsonText)" }
        if parameter.required { text += ", required" }
        if let help = parameter.help, !help.isEmpty { text += "  (\(help))" }
        return text
    }

    /// `@retry(minutes_between_retries=1, times=3)`: arguments sorted by name.
    private func describe(_ decorator: DecoratorSpec) -> String {
        let args = decorator.args.keys.sorted().map { "\($0)=\(decorator.args[$0]!.jsonText)" }
        return "@\(decorator.name)" + (args.isEmpty ? "" : "(\(args.joined(separator: ", ")))")
    }
}
