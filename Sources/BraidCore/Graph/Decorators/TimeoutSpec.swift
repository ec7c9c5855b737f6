/// What `@timeout` asks for: the sum of `seconds`, `minutes` and `hours`.
/// Read it with ``StepSpec/timeoutSeconds``.
struct TimeoutSpec: Sendable, Equatable {
    /// The limit in seconds; nil when the arguments add up to no duration.
    var seconds: Double?

    init(reading args: inout DecoratorArguments) {
        var total = 0.0
        for (name, scale) in [("seconds", 1.0), ("minutes", 60.0), ("hours", 3600.0)] {
            if let value = args.number(name, "a number of at least 0", where: { $0 >= 0 }) {
                total += value * scale
            }
        }
        if total > 0 {
            seconds = total
        } else if args.problems.isEmpty {
            // Only when nothing else was wrong: `@timeout(second=10)` needs one message, not two.
            args.report("needs a duration greater than 0: give seconds, minutes or hours (e.g. @timeout(minutes=30))")
        }
    }
}
