import Testing

@testable import BraidCore

@Suite struct IgnoreRulesTests {
    static func ignored(_ rules: IgnoreRules, _ path: String, directory: Bool = false) -> Bool {
        rules.isIgnored(path.split(separator: "/").map(String.init), isDirectory: directory)
    }

    @Test(arguments: [
        // pattern, path, is directory, ignored
        ("*.log", "run.log", false, true),
        ("*.log", "deep/er/run.log", false, true),
        ("*.log", "run.logs", false, false),
        ("/build", "build", true, true),
        ("/build", "src/build", true, false),
        ("doc/frotz", "doc/frotz", false, true),
        ("doc/frotz", "a/doc/frotz", false, false),
        ("out/", "out", true, true),
        ("out/", "out", false, false),
        ("**/tmp", "a/b/tmp", true, true),
        ("**/tmp", "tmp", true, true),
        ("logs/**", "logs/a/b.txt", false, true),
        ("a/**/b", "a/b", false, true),
        ("a/**/b", "a/x/y/b", false, true),
        ("a/**/b", "a/x/y/c", false, false),
        ("file?.py", "file1.py", false, true),
        ("file?.py", "file10.py", false, false),
        ("[abc].R", "b.R", false, true),
        ("[!abc].R", "b.R", false, false),
        ("\\#hash", "#hash", false, true),
        ("# a comment", "# a comment", false, false),
        ("trailing.py   ", "trailing.py", false, true),
    ])
    func patternSyntax(pattern: String, path: String, isDirectory: Bool, expected: Bool) {
        let rules = IgnoreRules(braidignore: pattern)
        #expect(Self.ignored(rules, path, directory: isDirectory) == expected, "\(pattern) on \(path)")
    }

    @Test func builtInRulesLeaveOutToolsCachesAndData() {
        let rules = IgnoreRules(braidignore: nil)
        #expect(Self.ignored(rules, ".git", directory: true))
        #expect(Self.ignored(rules, "pkg/__pycache__", directory: true))
        #expect(Self.ignored(rules, "model.pyc"))
        #expect(Self.ignored(rules, "data/sales.csv"))
        #expect(Self.ignored(rules, "data/SALES.CSV"))
        #expect(Self.ignored(rules, "frame.parquet"))
        #expect(Self.ignored(rules, "model.rds"))
        #expect(!Self.ignored(rules, "flow.py"))
        #expect(!Self.ignored(rules, "clean.R"))
        #expect(!Self.ignored(rules, "config.json"))
    }

    @Test func theLastMatchingPatternDecides() {
        let rules = IgnoreRules(braidignore: "*.txt\n!keep.txt\n!lookup.csv\n")
        #expect(Self.ignored(rules, "notes.txt"))
        #expect(!Self.ignored(rules, "keep.txt"))
        #expect(!Self.ignored(rules, "lookup.csv"))  // a built-in data rule, brought back
        #expect(Self.ignored(rules, "other.csv"))
    }
}
