/// A flow parameter as the client declared it.
///
/// The engine receives the values separately (`--parameters JSON`), already
/// parsed and type-checked by the client; the spec carries the declaration so
/// the engine can check names and defaults and show them.
public struct ParameterSpec: Codable, Sendable, Equatable {
    /// The parameter's name: an artifact name and a command-line option.
    public var name: String
    /// The declared type: `int`, `float`, `str`, `bool` or `json` (see ``valueType``).
    public var type: String
    /// The default value, absent when there is none.
    public var `default`: JSONValue?
    /// The help text shown by `run --help`.
    public var help: String?
    /// Whether a value must be given when there is no default.
    public var required: Bool
    /// The line of the declaration, when known.
    public var line: Int?

    /// Creates a parameter.
    public init(name: String, type: String, default: JSONValue? = nil, help: String? = nil,
                required: Bool = false, line: Int? = nil) {
        self.name = name
        self.type = type
        self.default = `default`
        self.help = help
        self.required = required
        self.line = line
    }

    enum CodingKeys: String, CodingKey {
        case name, type, `default`, help, required, line
    }

    /// Decodes a parameter; `default`, `help`, `required` and `line` may be absent.
    /// A `null` default is the same as none.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        type = try c.decode(String.self, forKey: .type)
        let value = try c.decodeIfPresent(JSONValue.self, forKey: .default)
        `default` = value == .null ? nil : value
        help = try c.decodeIfPresent(String.self, forKey: .help)
        required = try c.decodeIfPresent(Bool.self, forKey: .required) ?? false
        line = try c.decodeIfPresent(Int.self, forKey: .line)
    }

    /// The declared type, or nil when ``type`` is not one the engine knows.
    public var valueType: ParameterType? { ParameterType(rawValue: type) }
}

/// The types a parameter can declare.
public enum ParameterType: String, Sendable, CaseIterable, Codable {
    case int, float, str, bool, json

    /// Whether `value` is a valid value of this type. An `int` must be written
    /// as an integer (`3`, not `3.0`); a `float` accepts either.
    public func accepts(_ value: JSONValue) -> Bool {
        switch (self, value) {
        case (.int, .int), (.float, .int), (.float, .double), (.str, .string), (.bool, .bool), (.json, _): true
        default: false
        }
    }
}
