/// One step of a flow spec: where its body lives and where it goes next.
///
/// The transition is described the way clients see it (`next`, `foreach`,
/// `join`); ``FlowGraph/transition(of:)`` gives the checked form.
/// Typed views of the decorators (``retryPolicy``, ``timeoutSeconds``,
/// ``resources``, ...) live in `StepSpec+Decorators.swift`.
public struct StepSpec: Codable, Sendable, Equatable {
    /// The step's name: `[a-z_][a-z0-9_]*`, at most 64 characters once validated.
    public var name: String
    /// The language of the body (`python` or `r`); a worker of that language runs it.
    public var language: String
    /// The absolute path of the file the worker loads.
    public var file: String
    /// The function (or method, for a Python `FlowSpec` step) the worker calls.
    public var function: String
    /// The line of the step's definition, when known.
    public var line: Int?
    /// The steps this one transitions to: empty for `end`, one for a linear step
    /// or a foreach, two or more for a static branch.
    public var next: [String]
    /// The line of the `self.next(...)` call (or `next_step =` argument), when known.
    public var nextLine: Int?
    /// For a foreach: the artifact whose items each start one task of the single next step.
    public var foreach: String?
    /// Whether the step takes `inputs` (closes a branch or foreach).
    public var join: Bool
    /// The step's decorators, in the order written.
    public var decorators: [DecoratorSpec]

    /// Creates a step; `function` defaults to the step's name (a Python `FlowSpec` method).
    public init(name: String, language: String, file: String, function: String? = nil, line: Int? = nil,
                next: [String], nextLine: Int? = nil, foreach: String? = nil, join: Bool = false,
                decorators: [DecoratorSpec] = []) {
        self.name = name
        self.language = language
        self.file = file
        self.function = function ?? name
        self.line = line
        self.next = next
        self.nextLine = nextLine
        self.foreach = foreach
        self.join = join
        self.decorators = decorators
    }

    enum CodingKeys: String, CodingKey {
        case name, language, file, function, line, next
        case nextLine = "next_line"
        case foreach, join, decorators
    }

    /// Decodes a step; `line`, `next_line`, `foreach`, `join` and `decorators` may be absent.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        language = try c.decode(String.self, forKey: .language)
        file = try c.decode(String.self, forKey: .file)
        function = try c.decode(String.self, forKey: .function)
        line = try c.decodeIfPresent(Int.self, forKey: .line)
        next = try c.decode([String].self, forKey: .next)
        nextLine = try c.decodeIfPresent(Int.self, forKey: .nextLine)
        foreach = try c.decodeIfPresent(String.self, forKey: .foreach)
        join = try c.decodeIfPresent(Bool.self, forKey: .join) ?? false
        decorators = try c.decodeIfPresent([DecoratorSpec].self, forKey: .decorators) ?? []
    }

    /// Writes every field, with `null` for an absent foreach, as docs/flow-spec.md shows.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(language, forKey: .language)
        try c.encode(file, forKey: .file)
        try c.encode(function, forKey: .function)
        try c.encodeIfPresent(line, forKey: .line)
        try c.encode(next, forKey: .next)
        try c.encodeIfPresent(nextLine, forKey: .nextLine)
        try c.encode(foreach, forKey: .foreach)
        try c.encode(join, forKey: .join)
        try c.encode(decorators, forKey: .decorators)
    }

    /// Whether this is the `start` step, where every run begins.
    public var isStart: Bool { name == "start" }
    /// Whether this is the `end` step, where every run finishes.
    public var isEnd: Bool { name == "end" }

    /// The definition's location (the `def` line, or the `step(...)` call in R).
    public var location: SourceLocation { SourceLocation(file: file, line: line) }
    /// The transition's location (`self.next(...)`), falling back to the definition.
    public var nextLocation: SourceLocation { SourceLocation(file: file, line: nextLine ?? line) }
}
