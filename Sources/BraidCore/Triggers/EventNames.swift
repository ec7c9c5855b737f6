/// Event names and payloads: what a publisher may send, and the names of the events Braid publishes itself.
public enum EventNames {
    /// Names starting with this are Braid's own.
    public static let reservedPrefix = "braid."
    public static let maxNameLength = 200
    /// 1 MiB of UTF-8 JSON.
    public static let maxPayloadBytes = 1 << 20

    /// `braid.run.FLOW.succeeded`: a run of FLOW succeeded.
    public static func runSucceeded(flow: String) -> String { "braid.run.\(flow).succeeded" }
    /// `braid.schedule.FLOW`: a schedule tick of a deployment.
    public static func scheduleTick(flow: String) -> String { "braid.schedule.\(flow)" }
    /// `braid.manual.FLOW`: `braid trigger FLOW`.
    public static func manual(flow: String) -> String { "braid.manual.\(flow)" }

    /// The flow of a `braid.run.FLOW.succeeded` name.
    public static func succeededFlow(of name: String) -> String? {
        guard name.hasPrefix("braid.run."), name.hasSuffix(".succeeded") else { return nil }
        let flow = name.dropFirst("braid.run.".count).dropLast(".succeeded".count)
        return flow.isEmpty ? nil : String(flow)
    }

    /// Why `name` cannot be an event name, or nil when it can.
    /// - Parameter allowReserved: true for the names Braid itself publishes.
    public static func problem(with name: String, allowReserved: Bool = false) -> String? {
        if name.isEmpty { return "an event name cannot be empty" }
        if name.count > maxNameLength { return "the event name is \(name.count) characters long; at most \(maxNameLength) are allowed" }
        if let control = name.unicodeScalars.first(where: { $0.properties.generalCategory == .control }) {
            let code = "U+" + String(control.value, radix: 16, uppercase: true).leftPadded(to: 4)
            return "the event name \(quoted(name)) has a control character (\(code)); use printable characters"
        }
        if name.first!.isWhitespace || name.last!.isWhitespace {
            return "the event name \(quoted(name)) starts or ends with white space"
        }
        if !allowReserved && name.hasPrefix(reservedPrefix) {
            return "event names starting with '\(reservedPrefix)' are Braid's own (\(quoted(name))); choose another name"
        }
        return nil
    }

    /// Parses a payload given as JSON text: it must be an object of at most ``maxPayloadBytes``.
    public static func parsePayload(_ text: String) throws(EventError) -> [String: JSONValue] {
        let size = text.utf8.count
        guard size <= maxPayloadBytes else {
            throw EventError("the payload is \(size) bytes; at most \(maxPayloadBytes) (1 MB) are allowed")
        }
        let value: JSONValue
        do {
            value = try JSONValue.parse(text)
        } catch {
            let shown = text.count > 60 ? String(text.prefix(60)) + "..." : text
            throw EventError("the payload is not valid JSON: \(shown)")
        }
        guard case .object(let fields) = value else {
            throw EventError("the payload must be a JSON object ({\"key\": value, ...}), not \(value.kindDescription)")
        }
        return fields
    }

    /// A payload from `key=value` words: a value that parses as JSON is that JSON, else the text.
    public static func payload(fromPairs pairs: [String]) throws(EventError) -> [String: JSONValue] {
        var fields: [String: JSONValue] = [:]
        for pair in pairs {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw EventError("'\(pair)' is not KEY=VALUE")
            }
            let key = String(pair[..<equals])
            let text = String(pair[pair.index(after: equals)...])
            fields[key] = (try? JSONValue.parse(text)) ?? .string(text)
        }
        return fields
    }

    static func quoted(_ name: String) -> String {
        "'" + name.unicodeScalars.map { $0.properties.generalCategory == .control ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined() + "'"
    }
}

/// A publish or trigger request that cannot be done, with what to fix.
public struct EventError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
