/// Why a flow spec could not be decoded: not JSON, a missing or mistyped
/// field, or a version this engine does not read.
///
/// The message names the field by its JSON path and, inside `steps`, the
/// step's name when the document has one:
///
/// ```
/// flow spec: steps[2] (step 'fit').next: expected a list, found a string ("train")
/// ```
///
/// A spec that decodes can still be invalid; that is a ``GraphProblem``.
public struct FlowSpecError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The JSON path of the offending field (`steps[2].next`), or nil for the whole document.
    public var path: String?
    /// The step at that path, when the path is inside `steps` and the step has a name.
    public var step: String?
    /// What is wrong.
    public var reason: String

    /// Creates an error.
    public init(path: String? = nil, step: String? = nil, reason: String) {
        self.path = path
        self.step = step
        self.reason = reason
    }

    /// `flow spec: steps[2] (step 'fit').next: reason`.
    public var description: String {
        guard var field = path else { return "flow spec: \(reason)" }
        if let step, let close = field.firstIndex(of: "]") {
            field.insert(contentsOf: " (step '\(step)')", at: field.index(after: close))
        }
        return "flow spec: \(field): \(reason)"
    }
}
