/// What run to make: the flow, its parameters, and who asked.
public struct RunRequest: Sendable, Equatable {
    /// The flow's name.
    public var flow: String
    /// The flow spec as JSON text, stored with the run for `show` and `resume`.
    public var specJSON: String
    /// Interpreters by language, as the spec gives them (may be empty).
    public var interpreters: [String: String]
    /// Parameter values, already parsed and type-checked by the client.
    public var parameters: [String: JSONValue]
    /// Who runs it.
    public var user: String
    /// Tags the user gave (`--tag`).
    public var userTags: [String]
    /// Tags the engine sets: `user:NAME`, `language:LANG`, `file:NAME`.
    public var systemTags: [String]
    /// The run this one resumes, if any.
    public var originRunID: RunID?
    /// What a resume reuses of the origin run (whose id is also `originRunID`).
    public var resume: ResumePlan?
    /// The SHA-256 of the code package stored for this run (`CodeStore.snapshot`), if any.
    public var codeHash: String?
    /// A run the trigger service already recorded (pending) for this engine to run, instead of a new one.
    public var queuedRunID: RunID?
    /// What triggered a new run (`run --trigger-event`), recorded with it.
    public var trigger: RunTrigger?
    /// The `"trigger"` object every task of the run sees (`current.trigger`), or nil.
    public var triggerJSON: JSONValue?

    /// Creates a request from its parts.
    public init(flow: String, specJSON: String, interpreters: [String: String] = [:], parameters: [String: JSONValue] = [:],
                user: String, userTags: [String] = [], systemTags: [String] = [], originRunID: RunID? = nil) {
        self.flow = flow
        self.specJSON = specJSON
        self.interpreters = interpreters
        self.parameters = parameters
        self.user = user
        self.userTags = userTags
        self.systemTags = systemTags
        self.originRunID = originRunID
    }

    /// A request for a spec, with the system tags `user:NAME`, `language:LANG` and `file:NAME`.
    public init(spec: FlowSpec, parameters: [String: JSONValue] = [:], user: String, userTags: [String] = []) {
        let fileName = spec.file.split(separator: "/").last.map(String.init) ?? spec.file
        self.init(flow: spec.flow, specJSON: spec.jsonText, interpreters: spec.interpreters, parameters: parameters,
                  user: user, userTags: userTags, systemTags: ["user:\(user)", "language:\(spec.language)", "file:\(fileName)"])
    }
}
