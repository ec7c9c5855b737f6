/// The naming rules docs/flow-spec.md sets, in one place.
enum Names {
    /// The longest step name: it becomes a path component in the store.
    static let maxStepNameLength = 64

    /// Names every flow already uses: attributes and methods of a flow object
    /// in both clients (`self.next`, `self.input`, `self$index`, ...), so no
    /// step or parameter may take them.
    static let reserved: Set<String> = [
        "name", "next", "input", "inputs", "index", "foreach_stack", "merge_artifacts", "parameters",
    ]

    /// `[a-z_][a-z0-9_]*`: safe as a path component, a Python method and an R list name.
    static func isStepName(_ name: String) -> Bool {
        guard let first = name.utf8.first, first == UInt8(ascii: "_") || isLower(first) else { return false }
        return name.utf8.allSatisfy { isLower($0) || isDigit($0) || $0 == UInt8(ascii: "_") }
    }

    /// Letters, digits and `_`, starting with a letter (docs/flow-spec.md, `flow`).
    static func isFlowName(_ name: String) -> Bool {
        guard let first = name.utf8.first, isLetter(first) else { return false }
        return name.utf8.allSatisfy(isWordCharacter)
    }

    /// An artifact or parameter name: letters, digits and `_`, not starting with a digit.
    static func isArtifactName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !isDigit(first) else { return false }
        return name.utf8.allSatisfy(isWordCharacter)
    }

    /// An environment variable name: letters, digits and `_`, not starting with a digit.
    static func isEnvironmentName(_ name: String) -> Bool { isArtifactName(name) }

    private static func isLower(_ c: UInt8) -> Bool { c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z") }
    private static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
    private static func isLetter(_ c: UInt8) -> Bool { isLower(c | 0x20) }
    private static func isWordCharacter(_ c: UInt8) -> Bool { isLetter(c) || isDigit(c) || c == UInt8(ascii: "_") }
}

/// "Did you mean ...?" for misspelt names.
enum Suggestion {
    /// The candidate closest to `name` by edit distance, if it is close enough
    /// to be a likely typo (at most 2 edits, and fewer than half the name).
    static func closest(to name: String, among candidates: some Sequence<String>) -> String? {
        var best: (name: String, distance: Int)?
        for candidate in candidates where candidate != name {
            let d = distance(Array(name.utf8), Array(candidate.utf8))
            if d <= 2, d * 2 < max(name.utf8.count, 2), d < (best?.distance ?? .max) {
                best = (candidate, d)
            }
        }
        return best?.name
    }

    /// Levenshtein distance.
    private static func distance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
