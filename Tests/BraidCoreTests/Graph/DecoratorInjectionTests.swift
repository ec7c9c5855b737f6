import Testing
@testable import BraidCore

/// `--with`: parsing the text, and which steps get the decorator.
@Suite struct DecoratorInjectionTests {
    @Test(arguments: [
        ("retry", DecoratorSpec(name: "retry")),
        ("retry:times=2,minutes_between_retries=0", DecoratorSpec(name: "retry", args: ["times": .int(2), "minutes_between_retries": .int(0)])),
        ("timeout:seconds=1.5", DecoratorSpec(name: "timeout", args: ["seconds": .double(1.5)])),
        ("catch:var=err,print_exception=false", DecoratorSpec(name: "catch", args: ["var": .string("err"), "print_exception": .bool(false)])),
        (#"environment:vars={"A":"1","B":"x,y"}"#,
         DecoratorSpec(name: "environment", args: ["vars": .object(["A": .string("1"), "B": .string("x,y")])])),
    ])
    func parses(_ text: String, _ expected: DecoratorSpec) throws {
        #expect(try DecoratorInjection(parsing: text).decorator == expected)
    }

    @Test(arguments: [
        ("retri", "--with retri: there is no decorator 'retri' (did you mean 'retry'?); Braid knows retry, catch, timeout, resources, environment"),
        ("retry:times", "--with retry:times: 'times' is not NAME=VALUE"),
        ("retry:tims=2", "--with retry:tims=2: @retry has no argument 'tims' (did you mean 'times'?); it takes 'times', 'minutes_between_retries'"),
        ("timeout:seconds=soon", "--with timeout:seconds=soon: @timeout: 'seconds' must be a number of at least 0, found a string (\"soon\")"),
    ])
    func reportsWhatIsWrong(_ text: String, _ message: String) {
        do {
            _ = try DecoratorInjection(parsing: text)
            Issue.record("expected an error for \(text)")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func addsTheDecoratorOnlyWhereThereIsNone() throws {
        let own = DecoratorSpec(name: "retry", args: ["times": .int(5)])
        let spec = Flows.spec([Flows.step("start", ["fan"]), Flows.step("fan", ["item"], foreach: "xs", decorators: [own]),
                               Flows.step("item", ["join"]), Flows.step("join", ["end"], join: true), Flows.step("end", [])])
        let injected = spec.injecting([try DecoratorInjection(parsing: "retry:times=1"), try DecoratorInjection(parsing: "catch:var=err")])
        let retries = injected.steps.map { $0.retryPolicy?.times }
        #expect(retries == [1, 5, 1, 1, 1], "a step's own @retry wins")
        #expect(injected.steps.map { $0.catchPolicy != nil } == [true, false, true, true, true], "@catch skips the foreach step")
        _ = try FlowGraph(validating: injected)
    }
}
