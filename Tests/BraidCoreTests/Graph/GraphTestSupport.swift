import Foundation
import Testing
@testable import BraidCore

/// The parent suite of every graph test, so `swift test --filter Graph` runs them all.
@Suite enum GraphTests {}

/// Small flows written one step per string, for rule tests:
///
/// ```
/// "start -> a, b"              a branch
/// "a -> join"                  linear
/// "join* -> end"               `*`: a join
/// "fit -> train foreach grid"  a foreach over `grid`
/// "end"                        no next
/// ```
///
/// Step `i` (from 0) is defined on line `10 * (i + 1)` of `/flows/flow.py`,
/// with its `next` two lines below, so expected messages can name lines.
enum TestFlow {
    static let file = "/flows/flow.py"

    static func spec(_ lines: [String], parameters: [ParameterSpec] = [], flow: String = "TestFlow") -> FlowSpec {
        let steps = lines.enumerated().map { index, text in step(text, line: 10 * (index + 1)) }
        return FlowSpec(flow: flow, language: "python", file: file, parameters: parameters, steps: steps)
    }

    static func step(_ text: String, line: Int) -> StepSpec {
        let parts = text.components(separatedBy: "->")
        var name = parts[0].trimmingCharacters(in: .whitespaces)
        let join = name.hasSuffix("*")
        if join { name.removeLast() }
        var next: [String] = []
        var foreach: String?
        if parts.count > 1 {
            var targets = parts[1]
            if let range = targets.range(of: " foreach ") {
                foreach = String(targets[range.upperBound...]).trimmingCharacters(in: .whitespaces)
                targets = String(targets[..<range.lowerBound])
            }
            next = targets.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        return StepSpec(name: name, language: "python", file: file, function: name, line: line,
                        next: next, nextLine: next.isEmpty ? nil : line + 2, foreach: foreach, join: join)
    }

    /// The problem lines for a flow.
    static func problems(_ lines: [String], parameters: [ParameterSpec] = []) -> [String] {
        GraphValidation.problems(in: spec(lines, parameters: parameters)).map(\.description)
    }

    /// A valid flow's graph; fails the test (by trapping) on problems.
    static func graph(_ lines: [String]) throws -> FlowGraph {
        try FlowGraph(validating: spec(lines))
    }
}

/// Flow spec fixtures under `Tests/BraidCoreTests/Fixtures/specs/`, found from
/// this file's path (the package declares no test resources).
enum SpecFixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/specs")

    /// The names (without `.json`) of the fixtures in `valid` or `invalid`, sorted.
    static func names(_ kind: String) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent(kind).path)) ?? []
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    static func url(_ kind: String, _ name: String, _ ext: String = "json") -> URL {
        directory.appendingPathComponent(kind).appendingPathComponent("\(name).\(ext)")
    }

    static func spec(_ kind: String, _ name: String) throws -> FlowSpec {
        try FlowSpec.decode(json: Data(contentsOf: url(kind, name)))
    }

    static func graph(_ name: String) throws -> FlowGraph {
        try FlowGraph(validating: spec("valid", name))
    }
}
