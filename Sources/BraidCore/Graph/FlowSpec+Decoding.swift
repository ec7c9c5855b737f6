public import Foundation

extension FlowSpec {
    /// Decodes a flow spec from JSON, checking its version first.
    ///
    /// - Parameter data: The JSON document a client sent.
    /// - Returns: The spec, not yet validated (see ``FlowGraph/init(validating:)``).
    /// - Throws: ``FlowSpecError`` naming the field (and step) that is missing or
    ///   has the wrong JSON type, or the version when it is not ``supportedVersion``.
    public static func decode(json data: Data) throws(FlowSpecError) -> FlowSpec {
        let document: JSONValue
        do {
            document = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw FlowSpecError(reason: "not valid JSON (\(underlyingMessage(error)))")
        }
        guard case .object(let fields) = document else {
            throw FlowSpecError(reason: "expected a JSON object, found \(document.kindDescription)")
        }
        if let version = fields["spec_version"], version.integralValue != supportedVersion {
            throw FlowSpecError(
                path: "spec_version",
                reason: "version \(version) is not supported: this engine reads version \(supportedVersion); "
                    + "use a braid client and engine from the same release")
        }
        do {
            return try JSONDecoder().decode(FlowSpec.self, from: data)
        } catch let error as DecodingError {
            throw translate(error, document: document)
        } catch {
            throw FlowSpecError(reason: "\(error)")
        }
    }

    /// Decodes a flow spec from JSON text. See ``decode(json:)-(Data)``.
    public static func decode(json text: String) throws(FlowSpecError) -> FlowSpec {
        try decode(json: Data(text.utf8))
    }

    /// Compact JSON with sorted keys, the form stored with each run.
    public var jsonText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding strings, numbers and JSONValues cannot fail.
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    // MARK: - Turning DecodingError into a message

    private static func translate(_ error: DecodingError, document: JSONValue) -> FlowSpecError {
        switch error {
        case let .keyNotFound(key, context):
            let path = context.codingPath
            return FlowSpecError(path: render(path), step: stepName(at: path, in: document),
                                 reason: "missing field '\(key.stringValue)'")
        case let .typeMismatch(type, context), let .valueNotFound(type, context):
            let path = context.codingPath
            let found = value(at: path, in: document).map(\.kindDescription) ?? "nothing"
            return FlowSpecError(path: render(path), step: stepName(at: path, in: document),
                                 reason: "expected \(describe(type)), found \(found)")
        case let .dataCorrupted(context):
            if context.codingPath.isEmpty, let fraction = fractionalInteger(in: document) {
                return fraction
            }
            let path = context.codingPath
            return FlowSpecError(path: render(path), step: stepName(at: path, in: document),
                                 reason: context.debugDescription)
        @unknown default:
            return FlowSpecError(reason: "\(error)")
        }
    }

    /// An integer field holding a number with a fraction (`"line": 2.5`).
    ///
    /// Foundation's JSONDecoder reports that as "The given data was not valid
    /// JSON." with no coding path, so the integer fields of the schema are
    /// checked here to say which one it is.
    private static func fractionalInteger(in document: JSONValue) -> FlowSpecError? {
        func check(_ value: JSONValue?, _ path: String, step: String? = nil) -> FlowSpecError? {
            guard let value, case .double = value else { return nil }
            return FlowSpecError(path: path, step: step, reason: "expected an integer, found \(value.kindDescription)")
        }
        let fields = document.objectValue ?? [:]
        if let error = check(fields["spec_version"], "spec_version") { return error }
        for (i, parameter) in (fields["parameters"]?.arrayValue ?? []).enumerated() {
            if let error = check(parameter.objectValue?["line"], "parameters[\(i)].line") { return error }
        }
        for (i, step) in (fields["steps"]?.arrayValue ?? []).enumerated() {
            let object = step.objectValue ?? [:]
            let name = object["name"]?.stringValue
            for key in ["line", "next_line"] {
                if let error = check(object[key], "steps[\(i)].\(key)", step: name) { return error }
            }
            for (j, decorator) in (object["decorators"]?.arrayValue ?? []).enumerated() {
                if let error = check(decorator.objectValue?["line"], "steps[\(i)].decorators[\(j)].line", step: name) {
                    return error
                }
            }
        }
        return nil
    }

    /// `steps[2].next`, or nil for the document itself.
    private static func render(_ path: [any CodingKey]) -> String? {
        var text = ""
        for key in path {
            if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
        }
        return text.isEmpty ? nil : text
    }

    /// The value at `path`, walking objects by key and arrays by index.
    private static func value(at path: [any CodingKey], in document: JSONValue) -> JSONValue? {
        var current = document
        for key in path {
            if let index = key.intValue, case .array(let items) = current, items.indices.contains(index) {
                current = items[index]
            } else if case .object(let fields) = current, let next = fields[key.stringValue] {
                current = next
            } else {
                return nil
            }
        }
        return current
    }

    /// The name of the step `path` is inside, when it has one.
    private static func stepName(at path: [any CodingKey], in document: JSONValue) -> String? {
        guard path.count >= 2, path[0].stringValue == "steps", path[1].intValue != nil else { return nil }
        return value(at: Array(path.prefix(2)), in: document)?.objectValue?["name"]?.stringValue
    }

    private static func describe(_ type: Any.Type) -> String {
        if type == String.self { return "a string" }
        if type == Bool.self { return "true or false" }
        if type == Int.self || type == Int64.self { return "an integer" }
        if type == Double.self { return "a number" }
        let name = String(describing: type)
        if name.hasPrefix("Array") { return "a list" }
        if name.hasPrefix("Dictionary") { return "an object" }
        return "a value of type \(name)"
    }

    private static func underlyingMessage(_ error: any Error) -> String {
        guard case let .dataCorrupted(context) = error as? DecodingError else { return "\(error)" }
        if let underlying = context.underlyingError {
            let nsError = underlying as NSError
            if let detail = nsError.userInfo[NSDebugDescriptionErrorKey] as? String { return detail }
            return nsError.localizedDescription
        }
        return context.debugDescription
    }
}
