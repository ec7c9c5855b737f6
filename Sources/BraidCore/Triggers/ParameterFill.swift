import Foundation

/// Parameter values for a triggered run: from the triggering events'
/// payloads (by the condition's mapping, or by payload key), then the
/// spec's defaults, each converted to the Parameter's type.
public enum ParameterFill {
    /// A value that cannot be used, named so that the user finds it.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// The run's parameters.
    /// - Parameters:
    ///   - spec: the deployed spec (its parameters and defaults).
    ///   - events: the triggering events with the mapping of each (nil: by payload key); events fill in order, later wins.
    ///   - fillsParameters: false for conditions whose payloads fill nothing (run finished, schedule).
    ///   - given: values given explicitly (`run --PARAM`), which win over payloads.
    /// - Throws: ``Failure`` naming the parameter, the event and the value.
    public static func values(spec: FlowSpec, events: [(EventRecord, [String: String]?)], fillsParameters: Bool = true,
                              given: [String: JSONValue] = [:]) throws(Failure) -> [String: JSONValue] {
        var values: [String: JSONValue] = [:]
        for parameter in spec.parameters {
            if let value = given[parameter.name], value != .null {
                values[parameter.name] = value
                continue
            }
            var filled: (value: JSONValue, event: EventRecord, field: String)?
            if fillsParameters {
                for (event, mapping) in events {
                    let field = mapping.map { $0[parameter.name] } ?? parameter.name
                    if let field, let value = event.payload[field] { filled = (value, event, field) }
                }
            }
            if let filled {
                guard let type = parameter.valueType, let converted = convert(filled.value, to: type) else {
                    let via = filled.field == parameter.name ? "" : " (from its field '\(filled.field)')"
                    throw Failure(description: "parameter '\(parameter.name)' (\(parameter.type)): the event '\(filled.event.name)' "
                        + "(id \(filled.event.id)) gives \(filled.value.jsonText)\(via), which is not a valid \(parameter.type)")
                }
                values[parameter.name] = converted
            } else if let value = parameter.default {
                values[parameter.name] = value
            } else if parameter.required {
                let names = events.map { "'\($0.0.name)'" }.joined(separator: ", ")
                throw Failure(description: "parameter '\(parameter.name)' is required and has no default, "
                    + "and no triggering event (\(names.isEmpty ? "none" : names)) gives it")
            }
        }
        return values
    }

    /// `value` as a value of `type`, or nil when it is not one.
    public static func convert(_ value: JSONValue, to type: ParameterType) -> JSONValue? {
        switch (type, value) {
        case (.json, _): return value
        case (.int, .int): return value
        case (.int, .double(let d)) where d.rounded() == d && abs(d) < 9.0e15: return .int(Int64(d))
        case (.int, .string(let s)): return Int64(s.trimmingCharacters(in: .whitespaces)).map(JSONValue.int)
        case (.float, .int), (.float, .double): return value
        case (.float, .string(let s)): return Double(s.trimmingCharacters(in: .whitespaces)).map(JSONValue.double)
        case (.bool, .bool): return value
        case (.bool, .string(let s)):
            switch s.lowercased() {
            case "true", "1", "yes": return .bool(true)
            case "false", "0", "no": return .bool(false)
            default: return nil
            }
        case (.str, .string): return value
        case (.str, .int(let i)): return .string(String(i))
        case (.str, .double(let d)): return .string(String(d))
        case (.str, .bool(let b)): return .string(b ? "true" : "false")
        default: return nil
        }
    }
}
