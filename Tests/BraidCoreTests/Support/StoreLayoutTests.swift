import Testing
@testable import BraidCore

@Suite struct StoreLayoutTests {
    @Test func prefersBraidHome() {
        #expect(StoreLayout.fromEnvironment(["BRAID_HOME": "/srv/braid", "HOME": "/home/ana"]).root == "/srv/braid")
        #expect(StoreLayout.fromEnvironment(["HOME": "/home/ana"]).root == "/home/ana/.braid")
    }

    @Test func fansObjectsOutByHashPrefix() {
        let layout = StoreLayout(root: "/s")
        #expect(layout.objectPath("ab12cd") == "/s/objects/ab/ab12cd.arrow")
        #expect(layout.logPath(flow: "F", run: 7, step: "start", task: 3, attempt: 1, stream: .stderr)
                == "/s/logs/F/7/start/3/1.stderr")
    }
}

@Suite struct JSONValueTests {
    @Test func keepsIntegersApartFromFloats() throws {
        #expect(try JSONValue.parse("3") == .int(3))
        #expect(try JSONValue.parse("3.5") == .double(3.5))
        #expect(try JSONValue.parse(#"{"a":[1,true,null,"x"]}"#).jsonText == #"{"a":[1,true,null,"x"]}"#)
    }
}
