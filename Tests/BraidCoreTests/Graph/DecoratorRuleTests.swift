import Testing
@testable import BraidCore

extension GraphTests {
    @Suite struct DecoratorRules {
        /// The problems of a flow whose `fit` step (line 20) carries these decorators (lines 17, 18, ...).
        static func problems(_ decorators: [DecoratorSpec], foreach: Bool = false) -> [String] {
            var spec = TestFlow.spec(foreach ? ["start -> fit", "fit -> each foreach items", "each -> j", "j* -> end", "end"]
                                             : ["start -> fit", "fit -> end", "end"])
            spec.steps[1].decorators = decorators.enumerated().map { index, decorator in
                var decorator = decorator
                decorator.line = decorator.line ?? 17 + index
                return decorator
            }
            return GraphValidation.problems(in: spec).map(\.description)
        }

        static func deco(_ name: String, _ args: [String: JSONValue] = [:]) -> DecoratorSpec {
            DecoratorSpec(name: name, args: args)
        }

        @Test(arguments: [
            (deco("retries", ["times": .int(2)]),
             "flow.py:17: step 'fit': unknown decorator '@retries' (did you mean '@retry'?); Braid knows @retry, @catch, @timeout, @resources, @environment"),
            (deco("batch"),
             "flow.py:17: step 'fit': unknown decorator '@batch'; Braid knows @retry, @catch, @timeout, @resources, @environment"),
            (deco("retry", ["time": .int(2)]),
             "flow.py:17: step 'fit': @retry has no argument 'time' (did you mean 'times'?); it takes 'times', 'minutes_between_retries'"),
            (deco("retry", ["times": .int(11)]),
             "flow.py:17: step 'fit': @retry: 'times' must be an integer from 0 to 10, found an integer (11)"),
            (deco("retry", ["times": .double(1.5)]),
             "flow.py:17: step 'fit': @retry: 'times' must be an integer from 0 to 10, found a number (1.5)"),
            (deco("retry", ["minutes_between_retries": .int(-1)]),
             "flow.py:17: step 'fit': @retry: 'minutes_between_retries' must be a number of minutes from 0 to 1440, found an integer (-1)"),
            (deco("catch", ["var": .string("2bad")]),
             #"flow.py:17: step 'fit': @catch: 'var' must be an artifact name (letters, digits and '_', not starting with a digit), found a string ("2bad")"#),
            (deco("catch", ["var": .string("next")]),
             "flow.py:17: step 'fit': @catch: 'var' can't be 'next', a name every flow already uses; choose another artifact name"),
            (deco("catch", ["print_exception": .int(1)]),
             "flow.py:17: step 'fit': @catch: 'print_exception' must be true or false, found an integer (1)"),
            (deco("timeout"),
             "flow.py:17: step 'fit': @timeout: needs a duration greater than 0: give seconds, minutes or hours (e.g. @timeout(minutes=30))"),
            (deco("timeout", ["seconds": .int(0), "minutes": .int(0)]),
             "flow.py:17: step 'fit': @timeout: needs a duration greater than 0: give seconds, minutes or hours (e.g. @timeout(minutes=30))"),
            (deco("timeout", ["minutes": .int(-5)]),
             "flow.py:17: step 'fit': @timeout: 'minutes' must be a number of at least 0, found an integer (-5)"),
            (deco("timeout", ["second": .int(10)]),
             "flow.py:17: step 'fit': @timeout has no argument 'second' (did you mean 'seconds'?); it takes 'seconds', 'minutes', 'hours'"),
            (deco("resources", ["cpu": .int(0)]),
             "flow.py:17: step 'fit': @resources: 'cpu' must be a number of cores greater than 0, found an integer (0)"),
            (deco("resources", ["memory": .string("4GB")]),
             #"flow.py:17: step 'fit': @resources: 'memory' must be a whole number of megabytes, at least 1, found a string ("4GB")"#),
            (deco("resources", ["gpu": .int(-1)]),
             "flow.py:17: step 'fit': @resources: 'gpu' must be an integer of at least 0, found an integer (-1)"),
            (deco("environment", ["vars": .array([])]),
             "flow.py:17: step 'fit': @environment: 'vars' must be an object mapping variable names to strings, found a list"),
            (deco("environment", ["vars": .object(["MY-VAR": .string("x")])]),
             "flow.py:17: step 'fit': @environment: 'MY-VAR' is not a valid variable name; use letters, digits and '_', not starting with a digit"),
            (deco("environment", ["vars": .object(["BRAID_WORKER": .string("0")])]),
             "flow.py:17: step 'fit': @environment: 'BRAID_WORKER' is set by the engine for every worker and can't be changed; remove it"),
            (deco("environment", ["vars": .object(["THREADS": .int(4)])]),
             "flow.py:17: step 'fit': @environment: the value of 'THREADS' must be a string, found an integer (4); quote it"),
        ])
        func rejectsBadDecorators(decorator: DecoratorSpec, expected: String) {
            #expect(Self.problems([decorator]) == [expected])
        }

        @Test(arguments: [
            [deco("retry")],
            [deco("retry", ["times": .int(0), "minutes_between_retries": .int(0)])],
            [deco("retry", ["times": .double(3)])],
            [deco("catch")],
            [deco("catch", ["var": .string("error"), "print_exception": .bool(false)])],
            [deco("timeout", ["hours": .int(1), "minutes": .double(0.5)])],
            [deco("resources", ["cpu": .double(0.5), "memory": .int(512), "gpu": .int(0)])],
            [deco("environment"), deco("resources")],
            [deco("environment", ["vars": .object(["OMP_NUM_THREADS": .string("1"), "_X": .string("")])])],
            [deco("retry", ["times": .null])],
        ])
        func acceptsGoodDecorators(decorators: [DecoratorSpec]) {
            #expect(Self.problems(decorators).isEmpty)
        }

        @Test func reportsARepeatedDecoratorOnce() {
            #expect(Self.problems([Self.deco("retry", ["times": .int(99)]), Self.deco("retry", ["times": .int(99)]), Self.deco("timeout", ["seconds": .int(5)])]) == [
                "flow.py:17: step 'fit': @retry: 'times' must be an integer from 0 to 10, found an integer (99)",
                "flow.py:18: step 'fit': has @retry twice (also at flow.py:17); keep one",
            ])
        }

        @Test func catchIsNotForAForeachStep() {
            var spec = TestFlow.spec(["start -> each foreach items", "each -> j", "j* -> end", "end"])
            spec.steps[0].decorators = [DecoratorSpec(name: "catch", line: 8)]
            #expect(GraphValidation.problems(in: spec).map(\.description) == [
                "flow.py:8: step 'start': @catch can't be used on a foreach step: when it fails there are no items of 'items' to fan out over; move the code that may fail into a step before it",
            ])
        }

        @Test func aDecoratorWithoutALineIsReportedAtTheStep() {
            var spec = TestFlow.spec(["start -> end", "end"])
            spec.steps[0].decorators = [DecoratorSpec(name: "gpu")]
            #expect(GraphValidation.problems(in: spec).map(\.description) == [
                "flow.py:10: step 'start': unknown decorator '@gpu'; Braid knows @retry, @catch, @timeout, @resources, @environment",
            ])
        }
    }
}
