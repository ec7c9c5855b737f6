/// The flow spec: the JSON document a client (Python or R) sends to describe
/// one flow (docs/flow-spec.md, version 1).
///
/// Decoding checks only the shape (fields and their JSON types); it does not
/// trust the content. ``GraphValidation`` checks the rest, and
/// ``FlowGraph/init(validating:)`` turns a spec into the graph the scheduler
/// runs. Decode with ``decode(json:)-(Data)``, which names the field and step
/// of a malformed document.
///
/// Unknown JSON keys are ignored, so a newer client can add fields.
public struct FlowSpec: Codable, Sendable, Equatable {
    /// The spec format version this engine reads.
    public static let supportedVersion = 1

    /// The spec format version (`spec_version`): always ``supportedVersion`` once decoded.
    public var specVersion: Int
    /// The flow's name: a class name in Python, `flow("Name")` in R.
    public var flow: String
    /// The language of the file that declared the flow (`python` or `r`).
    public var language: String
    /// The absolute path of the file that declared the flow.
    public var file: String
    /// Interpreter paths by language, resolved by the client; may be empty.
    public var interpreters: [String: String]
    /// The flow's parameters, in declaration order.
    public var parameters: [ParameterSpec]
    /// The steps, in declaration order.
    public var steps: [StepSpec]
    /// What starts runs of the flow once it is deployed (docs/triggers.md), in declaration order.
    public var triggers: [TriggerSpec]

    /// Creates a spec; `specVersion` defaults to ``supportedVersion``.
    public init(specVersion: Int = FlowSpec.supportedVersion, flow: String, language: String, file: String,
                interpreters: [String: String] = [:], parameters: [ParameterSpec] = [], steps: [StepSpec],
                triggers: [TriggerSpec] = []) {
        self.specVersion = specVersion
        self.flow = flow
        self.language = language
        self.file = file
        self.interpreters = interpreters
        self.parameters = parameters
        self.steps = steps
        self.triggers = triggers
    }

    enum CodingKeys: String, CodingKey {
        case specVersion = "spec_version"
        case flow, language, file, interpreters, parameters, steps, triggers
    }

    /// Decodes a spec; `interpreters`, `parameters` and `triggers` may be absent.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        specVersion = try c.decode(Int.self, forKey: .specVersion)
        flow = try c.decode(String.self, forKey: .flow)
        language = try c.decode(String.self, forKey: .language)
        file = try c.decode(String.self, forKey: .file)
        interpreters = try c.decodeIfPresent([String: String].self, forKey: .interpreters) ?? [:]
        parameters = try c.decodeIfPresent([ParameterSpec].self, forKey: .parameters) ?? []
        steps = try c.decode([StepSpec].self, forKey: .steps)
        triggers = try c.decodeIfPresent([TriggerSpec].self, forKey: .triggers) ?? []
    }

    /// Encodes every field; `triggers` only when there are some, so specs of flows without triggers keep their form.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(specVersion, forKey: .specVersion)
        try c.encode(flow, forKey: .flow)
        try c.encode(language, forKey: .language)
        try c.encode(file, forKey: .file)
        try c.encode(interpreters, forKey: .interpreters)
        try c.encode(parameters, forKey: .parameters)
        try c.encode(steps, forKey: .steps)
        if !triggers.isEmpty { try c.encode(triggers, forKey: .triggers) }
    }

    /// The first step with this name, if any.
    public func step(named name: String) -> StepSpec? {
        steps.first { $0.name == name }
    }
}
