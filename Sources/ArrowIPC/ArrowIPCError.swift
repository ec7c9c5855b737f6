/// Everything that can go wrong reading or writing Arrow IPC data.
///
/// `description` is one sentence that says what is wrong and where (file,
/// message, column, buffer), built up as the error travels outwards through
/// `adding(context:)`.
public struct ArrowIPCError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The kind of failure, for callers that branch on it.
    public enum Code: Sendable, Equatable {
        /// The operating system refused a read or write.
        case io
        /// The bytes are not valid Arrow IPC data (truncated, out of bounds, inconsistent).
        case invalidData
        /// Valid Arrow, but a feature this library does not handle (e.g. big-endian, unions).
        case unsupported
        /// A caller passed something inconsistent (e.g. a column whose type differs from its field).
        case invalidArgument
        /// A compressed buffer failed to decompress or compress.
        case compression
    }

    public let code: Code
    /// What went wrong, without the context.
    public let reason: String
    /// Where, innermost first: "buffer 2", "column 'price'", "record batch 0", "file x.arrow".
    public let context: [String]

    public init(_ code: Code, _ reason: String, context: [String] = []) {
        self.code = code
        self.reason = reason
        self.context = context
    }

    /// The same error with `place` added as the next enclosing location.
    public func adding(context place: String) -> ArrowIPCError {
        ArrowIPCError(code, reason, context: context + [place])
    }

    public var description: String {
        guard !context.isEmpty else { return reason }
        return "\(context.reversed().joined(separator: ", ")): \(reason)"
    }

    static func invalid(_ reason: String) -> ArrowIPCError {
        ArrowIPCError(.invalidData, reason)
    }

    static func unsupported(_ reason: String) -> ArrowIPCError {
        ArrowIPCError(.unsupported, reason)
    }

    static func invalidArgument(_ reason: String) -> ArrowIPCError {
        ArrowIPCError(.invalidArgument, reason)
    }

    static func io(path: String, reason: String) -> ArrowIPCError {
        ArrowIPCError(.io, "\(reason)", context: ["file \(path)"])
    }

    static func outOfBounds(_ what: String, offset: Int, length: Int, available: Int) -> ArrowIPCError {
        invalid("\(what) at offset \(offset) with length \(length) lies outside the \(available) bytes available")
    }
}

/// Runs `body`, adding `place` to the context of any `ArrowIPCError` it throws.
@inline(__always)
func inContext<R>(_ place: @autoclosure () -> String, _ body: () throws(ArrowIPCError) -> R) throws(ArrowIPCError) -> R {
    do {
        return try body()
    } catch {
        throw error.adding(context: place())
    }
}
