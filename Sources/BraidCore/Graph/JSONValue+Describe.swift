extension JSONValue {
    /// What kind of value this is, with the value when short: `a string ("3")`,
    /// `an integer (12)`, `a list`. Used in messages that say what was found.
    var kindDescription: String {
        let text = jsonText.count > 40 ? String(jsonText.prefix(37)) + "..." : jsonText
        switch self {
        case .null: return "null"
        case .bool: return "a boolean (\(text))"
        case .int: return "an integer (\(text))"
        case .double: return "a number (\(text))"
        case .string: return "a string (\(text))"
        case .array: return "a list"
        case .object: return "an object"
        }
    }

    /// The value as an integer: an int, or a number with no fraction
    /// (R and some JSON writers send `3.0` for 3).
    var integralValue: Int? {
        switch self {
        case .int(let i): Int(exactly: i)
        case .double(let d): Int(exactly: d)
        default: nil
        }
    }
}
