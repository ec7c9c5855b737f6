/// A decorator on a step, as written: `@retry(times=3)` in Python,
/// `retry(times = 3)` in R.
///
/// Arguments stay JSON here; ``DecoratorKind`` knows the valid names and
/// arguments, and `StepSpec+Decorators.swift` gives typed views.
public struct DecoratorSpec: Codable, Sendable, Equatable {
    /// The decorator's name, without `@`.
    public var name: String
    /// Its arguments by name.
    public var args: [String: JSONValue]
    /// The line it is written on, when known.
    public var line: Int?

    /// Creates a decorator.
    public init(name: String, args: [String: JSONValue] = [:], line: Int? = nil) {
        self.name = name
        self.args = args
        self.line = line
    }

    enum CodingKeys: String, CodingKey {
        case name, args, line
    }

    /// Decodes a decorator; `args` and `line` may be absent.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        args = try c.decodeIfPresent([String: JSONValue].self, forKey: .args) ?? [:]
        line = try c.decodeIfPresent(Int.self, forKey: .line)
    }

    /// The kind, or nil for a name the engine does not know.
    public var kind: DecoratorKind? { DecoratorKind(rawValue: name) }
}
