public import ArrowIPC

public struct CSVColumnSpec: Sendable, Equatable {
    public var name: String
    public var type: DataType

    public init(name: String, type: DataType) {
        self.name = name
        self.type = type
    }
}

/// CSV that cannot be read, or a schema text that cannot be parsed, said so
/// the user can find and fix it: `data.csv:7: 4 fields, the header has 3`.
public struct CSVError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file the text came from; nil for a schema text.
    public var source: String?
    /// The 1-based physical line (the header starts on line 1), when one is at fault.
    public var line: Int?
    /// The column whose value is at fault.
    public var column: String?
    /// What is wrong, without the place.
    public var message: String

    public init(source: String? = nil, line: Int? = nil, column: String? = nil, message: String) {
        self.source = source
        self.line = line
        self.column = column
        self.message = message
    }

    /// `source:line: column 'name': message`, leaving out the parts that are nil.
    public var description: String {
        var place = source ?? ""
        if let line { place += source == nil ? "line \(line)" : ":\(line)" }
        let column = column.map { "column '\($0)': " } ?? ""
        return (place.isEmpty ? "" : place + ": ") + column + message
    }
}
