/// `--with DECORATOR`: a decorator given on the command line for every step
/// that does not already have one of that name, as Metaflow's `run --with retry`.
///
/// The text is the decorator's name, then optionally `:` and `name=value`
/// arguments separated by commas. A value is read as JSON when it is JSON
/// (`2`, `0.5`, `true`, `{"A": "1"}`) and as a string otherwise:
///
/// ```
/// --with retry
/// --with retry:times=2,minutes_between_retries=0
/// --with timeout:seconds=30
/// --with environment:vars={"OMP_NUM_THREADS":"1"}
/// ```
public struct DecoratorInjection: Sendable, Equatable {
    /// The decorator every step gets (unless it has its own).
    public let decorator: DecoratorSpec

    /// Parses one `--with` value.
    /// - Throws: ``DecoratorInjectionError`` naming the text and what is wrong with it
    ///   (unknown decorator, an argument without `=`, an unknown or invalid argument).
    public init(parsing text: String) throws(DecoratorInjectionError) {
        let (name, rest) = Self.split(text, at: ":")
        guard let kind = DecoratorKind(rawValue: name) else {
            let known = DecoratorKind.allCases.map(\.rawValue)
            let hint = NameSuggestion.closest(to: name, among: known).map { " (did you mean '\($0)'?)" } ?? ""
            throw DecoratorInjectionError(text: text, "there is no decorator '\(name)'\(hint); Braid knows " + known.joined(separator: ", "))
        }
        var args: [String: JSONValue] = [:]
        for item in Self.topLevelItems(rest ?? "") where !item.isEmpty {
            let (key, value) = Self.split(item, at: "=")
            guard let value, !key.isEmpty else {
                throw DecoratorInjectionError(text: text, "'\(item)' is not NAME=VALUE")
            }
            args[key] = (try? JSONValue.parse(value)) ?? .string(value)
        }
        let problems = kind.problems(in: args)
        guard problems.isEmpty else { throw DecoratorInjectionError(text: text, problems.joined(separator: "; ")) }
        decorator = DecoratorSpec(name: kind.rawValue, args: args)
    }

    /// Whether `step` gets the decorator: it has none of that name, and for
    /// `@catch` it is not a foreach (a failed foreach has no items to go on with).
    public func applies(to step: StepSpec) -> Bool {
        guard step.decorator(DecoratorKind(rawValue: decorator.name)!) == nil else { return false }
        return !(decorator.name == DecoratorKind.catch.rawValue && step.foreach != nil)
    }

    /// `text` cut at the first `separator`: (before, after), or (text, nil).
    private static func split(_ text: String, at separator: Character) -> (String, String?) {
        guard let index = text.firstIndex(of: separator) else { return (text, nil) }
        return (String(text[..<index]), String(text[text.index(after: index)...]))
    }

    /// Splits at commas that are not inside brackets, braces or a JSON string.
    private static func topLevelItems(_ text: String) -> [String] {
        var items: [String] = [], current = "", depth = 0, inString = false, escaped = false
        for character in text {
            if inString {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
            } else if character == "\"" {
                inString = true
            } else if character == "{" || character == "[" {
                depth += 1
            } else if character == "}" || character == "]" {
                depth -= 1
            } else if character == ",", depth == 0 {
                items.append(current)
                current = ""
                continue
            }
            current.append(character)
        }
        items.append(current)
        return items
    }
}

extension FlowSpec {
    /// The spec with each injection's decorator added to the steps it applies to (in order).
    public func injecting(_ injections: [DecoratorInjection]) -> FlowSpec {
        var spec = self
        for injection in injections {
            for index in spec.steps.indices where injection.applies(to: spec.steps[index]) {
                spec.steps[index].decorators.append(injection.decorator)
            }
        }
        return spec
    }
}

/// A `--with` value Braid cannot use.
public struct DecoratorInjectionError: Error, CustomStringConvertible {
    public let description: String

    init(text: String, _ problem: String) {
        description = "--with \(text): \(problem)"
    }
}
