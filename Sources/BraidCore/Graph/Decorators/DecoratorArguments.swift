/// Reads a decorator's JSON arguments into typed values, recording a message
/// for each unknown name and each value of the wrong type or out of range.
///
/// The typed decorator values (``RetrySpec`` and friends) read through this,
/// so validation and the engine's typed accessors share one definition of
/// what is valid: an accessor sees the default where validation saw a problem.
struct DecoratorArguments {
    let kind: DecoratorKind
    let values: [String: JSONValue]
    private(set) var problems: [String] = []

    init(kind: DecoratorKind, values: [String: JSONValue]) {
        self.kind = kind
        self.values = values
        for name in values.keys.sorted() where !kind.argumentNames.contains(name) {
            let known = kind.argumentNames.map { "'\($0)'" }.joined(separator: ", ")
            let hint = NameSuggestion.closest(to: name, among: kind.argumentNames).map { " (did you mean '\($0)'?)" } ?? ""
            problems.append("@\(kind.rawValue) has no argument '\(name)'\(hint); it takes \(known)")
        }
    }

    /// Records a problem about the decorator as a whole.
    mutating func report(_ message: String) {
        problems.append("@\(kind.rawValue): \(message)")
    }

    /// The value of argument `name`, or nil when absent or JSON null.
    func raw(_ name: String) -> JSONValue? {
        guard let value = values[name], value != .null else { return nil }
        return value
    }

    /// An integer argument; nil when absent or invalid (then a problem is recorded).
    mutating func integer(_ name: String, _ requirement: String, where isValid: (Int) -> Bool) -> Int? {
        read(name, requirement) { $0.integralValue.flatMap { isValid($0) ? $0 : nil } }
    }

    /// A number argument; nil when absent or invalid (then a problem is recorded).
    mutating func number(_ name: String, _ requirement: String, where isValid: (Double) -> Bool) -> Double? {
        read(name, requirement) { $0.doubleValue.flatMap { isValid($0) && $0.isFinite ? $0 : nil } }
    }

    /// A boolean argument; nil when absent or invalid (then a problem is recorded).
    mutating func bool(_ name: String) -> Bool? {
        read(name, "true or false") { $0.boolValue }
    }

    /// A string argument; nil when absent or invalid (then a problem is recorded).
    mutating func string(_ name: String, _ requirement: String, where isValid: (String) -> Bool) -> String? {
        read(name, requirement) { $0.stringValue.flatMap { isValid($0) ? $0 : nil } }
    }

    /// An object argument; nil when absent or not an object (then a problem is recorded).
    mutating func object(_ name: String, _ requirement: String) -> [String: JSONValue]? {
        read(name, requirement) { $0.objectValue }
    }

    private mutating func read<T>(_ name: String, _ requirement: String, _ convert: (JSONValue) -> T?) -> T? {
        guard let value = raw(name) else { return nil }
        if let converted = convert(value) { return converted }
        report("'\(name)' must be \(requirement), found \(value.kindDescription)")
        return nil
    }
}
