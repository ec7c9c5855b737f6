/// The naming rules docs/flow-spec.md sets, in one place.
enum GraphNames {
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

/// `'a', 'b'`: names quoted and joined for messages.
func quotedList(_ names: [String]) -> String {
    names.map { "'\($0)'" }.joined(separator: ", ")
}
