import BraidCore

/// A JSON value of a `braid api` answer. Objects keep their fields in the
/// order given (the answers list them sorted by key), so no dictionary is
/// hashed or sorted per object: a 4,000-task step is ~100,000 objects.
indirect enum APIValue {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([APIValue])
    case object([(String, APIValue)])
    /// A value the store keeps as JSON (parameters, a trigger), written with its keys sorted.
    case json(JSONValue)

    /// An object from fields in any order, sorted by key once.
    static func sorted(_ fields: [(String, APIValue)]) -> APIValue {
        .object(fields.sorted { $0.0 < $1.0 })
    }

    static func string(_ value: String?) -> APIValue {
        value.map(APIValue.string) ?? .null
    }

    static func strings(_ values: [String]) -> APIValue {
        .array(values.map(APIValue.string))
    }
}
