@testable import BraidCore

/// Random flow specs for ``GraphTests/GraphFuzz``.
enum RandomSpecs {
    static let names = ["start", "end", "a", "b", "c", "d", "e", "Bad", "next"]
    static let decorators: [DecoratorSpec] = [
        DecoratorSpec(name: "retry"), DecoratorSpec(name: "retry", args: ["times": .int(-3)]),
        DecoratorSpec(name: "catch", args: ["var": .array([])]), DecoratorSpec(name: "timeout"),
        DecoratorSpec(name: "resources", args: ["cpu": .double(.infinity)]), DecoratorSpec(name: "nope"),
        DecoratorSpec(name: "environment", args: ["vars": .object(["A": .null])]),
    ]

    /// Anything: duplicate names, unknown targets, loops, stray joins and foreaches.
    static func arbitrary(_ random: inout SplitMix64) -> FlowSpec {
        let steps = (0..<Int.random(in: 0...8, using: &random)).map { index in
            let targets = (0..<Int.random(in: 0...3, using: &random)).map { _ in
                (names + ["zz", "strat"]).randomElement(using: &random)!
            }
            return StepSpec(name: names.randomElement(using: &random)!,
                            language: ["python", "r", "julia"].randomElement(using: &random)!,
                            file: Bool.random(using: &random) ? "/f.py" : "f.py",
                            line: Bool.random(using: &random) ? index * 5 + 1 : nil,
                            next: targets,
                            foreach: Int.random(in: 0..<5, using: &random) == 0 ? "items" : nil,
                            join: Int.random(in: 0..<4, using: &random) == 0,
                            decorators: Int.random(in: 0..<3, using: &random) == 0
                                ? [decorators.randomElement(using: &random)!] : [])
        }
        let parameters = (0..<Int.random(in: 0...2, using: &random)).map { _ in
            ParameterSpec(name: names.randomElement(using: &random)!,
                          type: ["int", "float", "str", "bool", "json", "date"].randomElement(using: &random)!,
                          default: [nil, .int(1), .double(0.5), .string("x"), .bool(true)].randomElement(using: &random)!)
        }
        return FlowSpec(flow: "Fuzz", language: "python", file: "/f.py", parameters: parameters, steps: steps)
    }

    /// A spec built from nested blocks (linear steps, branches, foreaches, each
    /// closed by its join), with what its graph must say.
    struct WellFormed {
        var spec: FlowSpec
        var enclosingSplits: [String: [String]] = [:]
        var joins: [String: (split: String, parents: [String])] = [:]
    }

    static func wellFormed(_ random: inout SplitMix64) -> WellFormed {
        var builder = Builder()
        let first = builder.segment(depth: 0, splits: [], then: "end", &random)
        builder.add(StepSpec(name: "start", language: "python", file: "/f.py", next: [first.entry]), splits: [])
        builder.add(StepSpec(name: "end", language: "python", file: "/f.py", next: []), splits: [])
        var steps = builder.steps
        steps.shuffle(using: &random)
        var result = WellFormed(spec: FlowSpec(flow: "Fuzz", language: "python", file: "/f.py", steps: steps))
        result.enclosingSplits = builder.splits
        result.joins = builder.joins
        return result
    }

    /// One random change: drop or add a transition, flip a join or a foreach, rename a step.
    static func mutate(_ spec: inout FlowSpec, _ random: inout SplitMix64) {
        let i = Int.random(in: 0..<spec.steps.count, using: &random)
        let other = spec.steps.randomElement(using: &random)!.name
        switch Int.random(in: 0..<6, using: &random) {
        case 0: spec.steps[i].next.append(other)
        case 1: if !spec.steps[i].next.isEmpty { spec.steps[i].next.removeLast() }
        case 2: spec.steps[i].join.toggle()
        case 3: spec.steps[i].foreach = spec.steps[i].foreach == nil ? "items" : nil
        case 4: spec.steps[i].name = other
        default: spec.steps.remove(at: i)
        }
    }

    private struct Builder {
        var steps: [StepSpec] = []
        var splits: [String: [String]] = [:]
        var joins: [String: (split: String, parents: [String])] = [:]
        var counter = 0

        mutating func fresh() -> String {
            counter += 1
            return "s\(counter)"
        }

        mutating func add(_ step: StepSpec, splits enclosing: [String]) {
            steps.append(step)
            splits[step.name] = enclosing
        }

        /// Builds 1–3 blocks leading to `exit`; returns the first step and the one that goes to `exit`.
        mutating func segment(depth: Int, splits: [String], then exit: String,
                              _ random: inout SplitMix64) -> (entry: String, last: String) {
            var next = exit
            var last: String?
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let kind = depth >= 3 ? 0 : Int.random(in: 0..<4, using: &random)
                let entry: String
                let exitStep: String
                if kind <= 1 {
                    entry = fresh()
                    add(StepSpec(name: entry, language: "r", file: "/f.R", next: [next]), splits: splits)
                    exitStep = entry
                } else {
                    let split = fresh()
                    let join = fresh()
                    add(StepSpec(name: join, language: "python", file: "/f.py", next: [next], join: true), splits: splits)
                    let inner = splits + [split]
                    let paths = kind == 2 ? Int.random(in: 2...3, using: &random) : 1
                    let built = (0..<paths).map { _ in segment(depth: depth + 1, splits: inner, then: join, &random) }
                    add(StepSpec(name: split, language: "python", file: "/f.py", next: built.map(\.entry),
                                 foreach: kind == 3 ? "items" : nil), splits: splits)
                    joins[join] = (split, built.map(\.last))
                    entry = split
                    exitStep = join
                }
                last = last ?? exitStep
                next = entry
            }
            return (next, last!)
        }
    }
}
