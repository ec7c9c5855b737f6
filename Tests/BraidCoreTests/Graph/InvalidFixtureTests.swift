import Foundation
import Testing
@testable import BraidCore

/// Each invalid spec fixture reports exactly the problem lines in its sibling
/// `.expected.txt`. Run with `BRAID_RECORD_FIXTURES=1` to write the files
/// afresh, then read every changed line before committing.
extension GraphTests {
    @Suite struct InvalidFixtures {
        static let record = ProcessInfo.processInfo.environment["BRAID_RECORD_FIXTURES"] == "1"

        @Test func everyInvalidFixtureHasExpectedProblems() {
            #expect(SpecFixtures.names("invalid").count >= 20)
            for name in SpecFixtures.names("invalid") {
                #expect(FileManager.default.fileExists(atPath: SpecFixtures.url("invalid", name, "expected.txt").path),
                        "\(name).json has no \(name).expected.txt")
            }
        }

        @Test(arguments: SpecFixtures.names("invalid"))
        func reportsExactlyTheExpectedProblems(fixture: String) throws {
            let spec = try SpecFixtures.spec("invalid", fixture)
            let actual = GraphValidation.problems(in: spec).map(\.description)
            let expectedURL = SpecFixtures.url("invalid", fixture, "expected.txt")
            if Self.record {
                try (actual.joined(separator: "\n") + "\n").write(to: expectedURL, atomically: true, encoding: .utf8)
            }
            let expected = try String(contentsOf: expectedURL, encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
            #expect(actual == expected)
            #expect(!actual.isEmpty)
            // The graph refuses the spec with the same problems.
            #expect(throws: GraphValidationError(flow: spec.flow, problems: GraphValidation.problems(in: spec))) {
                try FlowGraph(validating: spec)
            }
        }
}
}
